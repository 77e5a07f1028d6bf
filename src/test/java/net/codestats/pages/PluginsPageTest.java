package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.system.CodeStatsProperties;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class PluginsPageTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired CodeStatsProperties properties;
  TestUsers users;
  String base;

  @BeforeEach
  void setUp() {
    users = new TestUsers(accounts, machines);
    base = properties.publicUrl().toString().replaceAll("/+$", "");
  }

  /** Token setting, address setting and value of each card, keyed by the card's anchor. */
  private static Map<String, String> settings(Document page) {
    return page.select("section.plugin-card").stream()
        .collect(
            Collectors.toMap(
                Element::id,
                card -> card.select(".token-setting").text() + " | " + card.select(".url-setting").text() + " | "
                    + card.select(".url-value").text()));
  }

  @Test
  void eachPluginGetsTheSettingNamesItsSourceReadsAndTheAddressFormItWants() {
    Document page = new WebSession(port).page("/plugins");
    Map<String, String> settings = settings(page);
    // The package posts to apiUrl as it is, so the value is the full pulse address.
    assertThat(settings.get("atom"))
        .isEqualTo("code-stats-atom.apiKey | code-stats-atom.apiUrl | " + base + "/api/my/pulses");
    assertThat(settings.get("sublime")).isEqualTo("API_KEY | API_URL | " + base + "/api/my/pulses");
    assertThat(settings.get("vscode")).isEqualTo("codestats.apikey | codestats.apiurl | " + base + "/api/");
    // code-stats-vim resolves api/my/pulses against the address: without the slash a sub-path is lost.
    assertThat(settings.get("vim")).isEqualTo("g:codestats_api_key | g:codestats_api_url | " + base + "/");
    assertThat(settings.get("fish")).isEqualTo("CODESTATS_API_KEY | CODESTATS_API_URL | " + base + "/api");
    assertThat(settings.get("zsh")).isEqualTo("CODESTATS_API_KEY | CODESTATS_API_URL | " + base);
    assertThat(settings.get("micro")).isEqualTo("codestats.apikey | codestats.apiurl | " + base + "/api/my/pulses");
    assertThat(settings.get("jetbrains")).endsWith("| " + base + "/api/my/pulses");
    assertThat(settings)
        .containsKeys("neovim", "neovim-maorun", "emacs", "bash", "obsidian", "notepadpp", "vs", "browsers", "other");

    assertThat(page.select("#sublime .plugin-name").text()).isEqualTo("CodeStats");
    assertThat(page.select("#sublime a").attr("href")).isEqualTo("https://packagecontrol.io/packages/CodeStats");
    assertThat(page.select("#jetbrains .plugin-note").text()).contains("certificate", "Server Certificates", "keytool");
    assertThat(page.select("#no-code-note").text()).contains("No code is ever sent", "keystrokes");
    assertThat(page.select("section.plugin-card .plugin-install").eachText()).allMatch(text -> !text.isBlank());

    // Snippets carry the same values as the cards, and a placeholder where a visitor's token would go.
    assertThat(page.select("#snippet-atom").text()).contains("apiUrl: \"" + base + "/api/my/pulses\"",
        "<your API token>");
    assertThat(page.select("#snippet-sublime").text()).contains("\"API_KEY\": \"<your API token>\"");
    assertThat(page.select("#plugin-token a[href=/login]")).hasSize(1);
  }

  @Test
  void theOwnersTokenIsFilledInForTheChosenMachineAndNeverInALink() {
    var owner = users.userWithMachine("plugins-owner");
    var second = machines.create(owner.user().id(), "desktop");
    var web = new WebSession(port);
    web.login(owner.user().username(), "correct horse battery");

    // Machines are listed by name; the first is chosen until the owner picks another.
    Document first = web.page("/plugins");
    assertThat(first.select("#machine option").eachText()).containsExactly("desktop", "laptop");
    assertThat(first.select("#plugin-token-value").val()).isEqualTo(second.token());
    assertThat(first.select("#snippet-vscode").text()).contains("\"codestats.apikey\": \"" + second.token() + "\"");

    Document chosen = web.page("/plugins?machine=" + owner.machineId());
    assertThat(chosen.select("#machine option[selected]").text()).isEqualTo("laptop");
    assertThat(chosen.select("#snippet-vim").text()).contains("let g:codestats_api_key = '" + owner.token() + "'");
    assertThat(chosen.html()).doesNotContain(second.token());
    for (Element linked : chosen.select("[href], [src], [action]")) {
      assertThat(linked.attr("href") + linked.attr("src") + linked.attr("action")).doesNotContain(owner.token());
    }
    assertThat(web.get("/plugins?machine=" + owner.machineId()).headers().firstValue("Cache-Control").orElse(""))
        .contains("no-store");

    // Another user, a visitor: neither sees the owner's tokens, nor can pick the owner's machine.
    var other = users.userWithMachine("plugins-other");
    var otherWeb = new WebSession(port);
    otherWeb.login(other.user().username(), "correct horse battery");
    assertThat(otherWeb.page("/plugins").select("#plugin-token-value").val()).isEqualTo(other.token());
    var foreign = otherWeb.get("/plugins?machine=" + second.machine().id());
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).doesNotContain(second.token());
    String visitor = new WebSession(port).get("/plugins").body();
    assertThat(visitor).doesNotContain(owner.token()).doesNotContain(second.token()).contains("&lt;your API token&gt;");
    assertThat(new WebSession(port).get("/plugins?machine=" + second.machine().id()).statusCode()).isEqualTo(404);
  }

  @Test
  void aSignedInUserWithoutMachinesIsSentToMakeOne() {
    var user = users.user("plugins-empty");
    var web = new WebSession(port);
    web.login(user.username(), "correct horse battery");
    Document page = web.page("/plugins");
    assertThat(page.select("#no-machine a").attr("href")).isEqualTo("/my/machines");
    assertThat(page.select("#machine-chooser")).isEmpty();
    assertThat(page.select("#snippet-vscode").text()).contains("<your API token>");
  }

  @Test
  void aMalformedMachineIsABadRequest() {
    var response = new WebSession(port).get("/plugins?machine=laptop");
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
