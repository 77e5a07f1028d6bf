package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.language.Languages;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class SitePagesTest {

  @LocalServerPort int port;
  @Autowired Languages languages;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  @Autowired net.codestats.system.CodeStatsProperties properties;

  @Test
  void staticPagesHaveTheirTitlesAndTheLayout() {
    var web = new WebSession(port);
    Map<String, String> titles =
        Map.of(
            "/plugins", "Plugins",
            "/api-docs", "API docs",
            "/tos", "Terms of service",
            "/changes", "Changes",
            "/support", "Support",
            "/aliases", "Languages and aliases",
            "/login", "Log in",
            "/signup", "Sign up",
            "/forgot-password", "Forgot password");
    titles.forEach(
        (path, title) -> {
          Document page = web.page(path);
          assertThat(page.title()).as(path).isEqualTo(title + " – Code::Stats");
          assertThat(page.select("footer a").eachText()).as(path).contains("Plugins", "API docs", "Legal");
          assertThat(page.select("footer").text()).as(path).containsPattern("Code::Stats \\S+");
          assertThat(page.select("nav").text()).as(path).contains("Log in", "Sign up");
          assertThat(page.select("meta[name=viewport]").attr("content")).contains("width=device-width");
          assertThat(page.select("script:not([src])")).as("no inline scripts on " + path).isEmpty();
        });
  }

  @Test
  void pluginsAndApiDocsUseThisServersAddress() {
    var web = new WebSession(port);
    Document plugins = web.page("/plugins");
    assertThat(plugins.select("#plugins td").eachText())
        .contains("Visual Studio Code", "Vim", "Neovim", "Sublime Text", "Emacs", "Zsh", "Fish", "Bash", "codestats.apiurl", "g:codestats_api_url");
    String base = properties.publicUrl().toString().replaceAll("/$", "");
    assertThat(plugins.select("#plugins").text()).contains(base + "/api/", base + "/api/my/pulses");
    Document docs = web.page("/api-docs");
    assertThat(docs.select("#curl-example").text())
        .contains("curl -i -X POST " + base + "/api/my/pulses", "X-API-Token", "Content-Type: application/json");
    assertThat(docs.select("#caps").text()).contains("64 KiB", "100,000", "255 characters");
    assertThat(docs.text()).contains("Invalid xps format.", "Great success!", "User not found or private.");
  }

  @Test
  void aliasesListEveryLanguageWithItsAliases() {
    String target = "AliasTarget" + TestUsers.uniqueName("x");
    long id = languages.resolve(target).countedId();
    languages.resolve(target + "-Alias");
    jdbc.sql("update languages set alias_of = ? where lower(name) = lower(?)").params(id, target + "-Alias").update();
    Document page = new WebSession(port).page("/aliases");
    var row = page.select("#aliases tr:has(td:eq(0):matchesOwn(^" + target + "$))");
    assertThat(row.select("td").eachText()).containsExactly(target, target + "-Alias");
  }

  @Test
  void tosShowsTheCurrentTerms() {
    Document page = new WebSession(port).page("/tos");
    assertThat(page.select("#terms p").size()).isGreaterThan(3);
    assertThat(page.text()).contains("2026-11-01");
  }

  @Test
  void errorsAreHtmlForBrowsersAndJsonForApiClients() {
    var web = new WebSession(port);
    var html = web.get("/no/such/page");
    assertThat(html.statusCode()).isEqualTo(404);
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(html.body()).contains("Page not found – Code::Stats", "site.css");

    var api = web.send(HttpRequest.newBuilder(web.uri("/api/no/such")).header("Accept", "text/html").build());
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(api.body()).isEqualTo("{\"error\":\"Not found.\"}");

    var curl = web.send(HttpRequest.newBuilder(web.uri("/no/such/page")).header("Accept", "*/*").build());
    assertThat(curl.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");

    var error = web.get("/error");
    assertThat(error.statusCode()).isNotEqualTo(302);
    assertThat(error.body()).contains("– Code::Stats");
  }

  @Test
  void securityHeadersAreSetOnPages() {
    var response = new WebSession(port).get("/login");
    var headers = response.headers();
    assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
  }

  @Test
  void myProfileRedirectsToOwnProfile() {
    String name = TestUsers.uniqueName("Redirect Me");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    web.login(name, "correct horse battery");
    var response = web.get("/my/profile");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/users/" + name.replace(' ', '+'));
  }

  @Test
  void avatarsNeverRevealTheGravatarHashAndPrivateOnesAreHidden() {
    String name = TestUsers.uniqueName("avatar");
    var user = accounts.create(name, "correct horse battery", null);
    accounts.updateDetails(user.id(), false, "face@example.com");
    var web = new WebSession(port);
    var avatar = web.sendForBytes(HttpRequest.newBuilder(web.uri("/avatar/" + name)).build());
    assertThat(avatar.statusCode()).isEqualTo(200);
    assertThat(avatar.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/");
    String hash = net.codestats.account.AccountsTestAccess.gravatarHash("face@example.com");
    assertThat(new String(avatar.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(hash);

    web.login(name, "correct horse battery");
    String preferences = web.get("/my/preferences").body();
    assertThat(preferences).contains("/avatar/" + name).doesNotContain(hash).doesNotContain("gravatar.com");

    accounts.setPrivateProfile(user.id(), true);
    var anonymous = new WebSession(port);
    assertThat(anonymous.get("/avatar/" + name).statusCode()).isEqualTo(404);
    assertThat(web.sendForBytes(HttpRequest.newBuilder(web.uri("/avatar/" + name)).build()).statusCode()).isEqualTo(200);
  }
}
