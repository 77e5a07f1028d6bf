package net.codestats.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.system.CodeStatsProperties;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class MachinePagesTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired CodeStatsProperties properties;
  WebSession web;
  long userId;

  @BeforeEach
  void loggedIn() {
    String name = TestUsers.uniqueName("machines");
    userId = accounts.create(name, "correct horse battery", null).id();
    web = new WebSession(port);
    web.login(name, "correct horse battery");
  }

  private long add(String name) {
    var response = web.submit("/my/machines", "#add-machine", Map.of("name", name));
    assertThat(response.statusCode()).isEqualTo(302);
    return machines.list(userId).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().id();
  }

  private Document list() {
    return web.page("/my/machines");
  }

  @Test
  void addsAMachineAndShowsItsWorkingToken() {
    long id = add("Work laptop");
    Document page = list();
    assertThat(page.title()).isEqualTo("Machines – Code::Stats");
    assertThat(page.select(".flash-success").text()).isEqualTo("Machine added successfully.");
    String token = page.select("#token-" + id).val();
    assertThat(token).isEqualTo(machines.token(userId, id));
    assertThat(page.select("button.copy[data-copy=token-" + id + "]").text()).isEqualTo("Copy");
    var pulse =
        new Http(port).postPulse(token,
            "{\"coded_at\":\"" + OffsetDateTime.now() + "\",\"xps\":[{\"language\":\"Java\",\"xp\":5}]}");
    assertThat(pulse.statusCode()).isEqualTo(201);
    assertThat(list().select("tr[data-machine-id=" + id + "] .machine-xp").text()).isEqualTo("Level 0 (5 XP)");
  }

  @Test
  void afterAddingAMachineTheNextStepsShowTheServerTheTokenAndReadySnippets() {
    long id = add("Studio");
    String token = machines.token(userId, id);
    Document page = list();
    assertThat(page.select(".flash-success").text()).isEqualTo("Machine added successfully.");
    var steps = page.select("#next-steps");
    assertThat(steps.select("h2").text()).contains("Studio");
    assertThat(steps.select("#next-server").text()).isEqualTo(properties.publicUrl().toString().replaceAll("/+$", ""));
    assertThat(steps.select("#next-token").val()).isEqualTo(token);
    assertThat(steps.select("#next-snippet-vscode").text()).contains("\"codestats.apikey\": \"" + token + "\"",
        "codestats.apiurl");
    assertThat(steps.select("#next-snippet-vim").text()).contains("let g:codestats_api_key = '" + token + "'");
    assertThat(steps.select("details[open] summary").eachText()).containsExactly("Visual Studio Code", "Vim");
    assertThat(steps.select("details summary").eachText()).contains("Sublime Text", "Pulsar / Atom", "Emacs");
    assertThat(steps.select("a[href=/plugins?machine=" + id + "]")).isNotEmpty();

    // Shown once: the list seen again (or after an error) has no panel.
    assertThat(list().select("#next-steps")).isEmpty();
    web.submit("/my/machines", "#add-machine", Map.of("name", "studio"));
    Document failed = list();
    assertThat(failed.select(".flash-error").text()).startsWith("Error adding machine.");
    assertThat(failed.select("#next-steps")).isEmpty();
  }

  @Test
  void rejectsEmptyAndDuplicateNames() {
    add("Desktop");
    web.submit("/my/machines", "#add-machine", Map.of("name", "desktop"));
    assertThat(list().select(".flash-error").text()).startsWith("Error adding machine.").contains("already have");
    web.submit("/my/machines", "#add-machine", Map.of("name", "   "));
    assertThat(list().select(".flash-error").text()).contains("1–64 characters");
    web.submit("/my/machines", "#add-machine", Map.of("name", "x".repeat(65)));
    assertThat(list().select(".flash-error").text()).contains("1–64 characters");
    assertThat(machines.list(userId)).hasSize(1);
  }

  @Test
  void renamesKeepingTheToken() {
    long id = add("Old name");
    String token = machines.token(userId, id);
    var response = web.submit("/my/machines/" + id, "#rename-machine", Map.of("name", "New name"));
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/my/machines/" + id);
    Document page = web.page("/my/machines/" + id);
    assertThat(page.select(".flash-success").text()).isEqualTo("Machine edited successfully.");
    assertThat(page.title()).isEqualTo("Machine: New name – Code::Stats");
    assertThat(page.select("#token").val()).isEqualTo(token);
    web.submit("/my/machines/" + id, "#rename-machine", Map.of("name", ""));
    assertThat(web.page("/my/machines/" + id).select(".flash-error").text()).startsWith("Error editing machine.");
  }

  @Test
  void regeneratesTheTokenAfterConfirmation() {
    long id = add("Regen");
    String old = machines.token(userId, id);
    Document page = list();
    var form = page.selectFirst("form[action=/my/machines/" + id + "/regenerate]");
    assertThat(form.attr("data-confirm")).contains("old token stops working");
    web.submit("/my/machines", "form[action=/my/machines/" + id + "/regenerate]", Map.of());
    page = list();
    assertThat(page.select(".flash-success").text()).isEqualTo("API key regenerated for machine Regen.");
    String fresh = page.select("#token-" + id).val();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(machines.authenticate(old)).isEmpty();
    assertThat(machines.authenticate(fresh)).isPresent();
  }

  @Test
  void deactivatesAndActivates() {
    long id = add("Sleepy");
    String token = machines.token(userId, id);
    web.submit("/my/machines", "form[action=/my/machines/" + id + "/deactivate]", Map.of());
    Document page = list();
    assertThat(page.select(".flash-success").text()).isEqualTo("Machine Sleepy deactivated.");
    assertThat(page.select("#inactive-machines tr[data-machine-id=" + id + "]")).hasSize(1);
    assertThat(page.select("#token-" + id)).isEmpty();
    assertThat(machines.authenticate(token)).isEmpty();

    web.submit("/my/machines", "form[action=/my/machines/" + id + "/activate]", Map.of());
    page = list();
    assertThat(page.select(".flash-success").text()).isEqualTo("Machine Sleepy activated.");
    assertThat(page.select("#active-machines tr[data-machine-id=" + id + "]")).hasSize(1);
    assertThat(machines.authenticate(token)).isPresent();
  }

  @Test
  void deletesAfterConfirmation() {
    long id = add("Doomed");
    list();
    var page = web.page("/my/machines/" + id);
    assertThat(page.selectFirst("form[action=/my/machines/" + id + "/delete]").attr("data-confirm"))
        .contains("cannot be undone");
    web.submit("/my/machines/" + id, "form[action=/my/machines/" + id + "/delete]", Map.of());
    assertThat(list().select(".flash-success").text()).isEqualTo("Machine deleted.");
    assertThat(machines.find(userId, id)).isEmpty();
  }

  @Test
  void anotherUsersMachineIsNotFound() {
    var other = accounts.create(TestUsers.uniqueName("other"), "correct horse battery", null);
    long theirs = machines.create(other.id(), "Theirs").machine().id();
    var view = web.get("/my/machines/" + theirs);
    assertThat(view.statusCode()).isEqualTo(404);
    assertThat(view.body()).contains("Page not found – Code::Stats");
    String csrf = web.csrfToken("/my/machines");
    for (String action : new String[] {"", "/regenerate", "/deactivate", "/activate", "/delete"}) {
      var response = web.post("/my/machines/" + theirs + action, Map.of("_csrf", csrf, "name", "Mine now"));
      assertThat(response.statusCode()).as(action).isEqualTo(404);
    }
    var machine = machines.find(other.id(), theirs).orElseThrow();
    assertThat(machine.name()).isEqualTo("Theirs");
    assertThat(machine.active()).isTrue();
    assertThat(web.get("/my/machines/999999999").statusCode()).isEqualTo(404);
    assertThat(web.get("/my/machines/abc").statusCode()).isEqualTo(400);
  }

  @Test
  void machinePagesNeedALogin() {
    var anonymous = new WebSession(port);
    var response = anonymous.get("/my/machines");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
  }
}
