package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;
import net.codestats.account.AccountAdministration;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A disabled account is kept, but its log-ins fail, its sessions end, its machine tokens get
 * the pulse API's answer for a bad token and its profile (page and JSON) is not found; enabled
 * again, all works as before.
 */
@IntegrationTest
class AdminUsersTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired AccountAdministration administration;

  static String pulse(String language, int xp) {
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + language + "\",\"xp\":" + xp + "}]}";
  }

  @Test
  void aDisabledAccountIsRefusedEverywhereAndWorksAgainOnceEnabled() {
    var http = new Http(port);
    var target = new TestUsers(accounts, machines).userWithMachine("disabled");
    String name = target.user().username();
    assertThat(http.postPulse(target.token(), pulse("Java", 10)).statusCode()).isEqualTo(201);
    var open = AdminTesting.loggedIn(port, name); // a session open before
    assertThat(open.get("/my/preferences").statusCode()).isEqualTo(200);

    var badToken = http.postPulse(target.token().substring(1) + "A", pulse("Java", 10));
    var unknownProfile = http.get("/api/users/" + TestUsers.uniqueName("nobody"));

    var admin = AdminTesting.adminSession(accounts, port);
    var user = admin.page("/admin/users?q=" + name);
    assertThat(user.select("#users a").eachText()).containsExactly(name);
    var detail = admin.page("/admin/users/" + target.user().id());
    assertThat(detail.select("#machines td").eachText()).contains("laptop", "10");
    assertThat(detail.select("#account-xp").text()).isEqualTo("10");

    var disabled = admin.submit("/admin/users/" + target.user().id(), "#disable-form", Map.of());
    assertThat(disabled.statusCode()).isEqualTo(302);
    assertThat(administration.find(target.user().id()).orElseThrow().disabled()).isTrue();

    // log-in refused like a wrong password, and the open session ended
    var login = new WebSession(port).login(name, AdminTesting.PASSWORD);
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(open.get("/my/preferences").statusCode()).isEqualTo(302);
    // the token gets exactly a bad token's answer
    var refused = http.postPulse(target.token(), pulse("Java", 10));
    assertThat(refused.statusCode()).isEqualTo(badToken.statusCode()).isEqualTo(403);
    assertThat(refused.body()).isEqualTo(badToken.body());
    // the profile is not found, page and JSON, like a name nobody has
    assertThat(http.get("/users/" + name).statusCode()).isEqualTo(404);
    var json = http.get("/api/users/" + name);
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(json.body()).isEqualTo(unknownProfile.body().replace(unknownName(unknownProfile.body()), name));
    // kept: the admin still sees it, with its XP
    assertThat(admin.page("/admin/users/" + target.user().id()).select("#account-disabled").text())
        .isEqualTo("disabled");

    var enabled = admin.submit("/admin/users/" + target.user().id(), "#enable-form", Map.of());
    assertThat(enabled.statusCode()).isEqualTo(302);
    AdminTesting.loggedIn(port, name);
    assertThat(http.postPulse(target.token(), pulse("Java", 5)).statusCode()).isEqualTo(201);
    assertThat(http.get("/users/" + name).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/users/" + name).body()).contains("\"total_xp\":15");

    var log = admin.page("/admin/audit").select("#audit tbody tr").eachText();
    assertThat(log.get(0)).contains("enable account", name);
    assertThat(log.get(1)).contains("disable account", name);
  }

  /** The name an unknown-user error body names, if it names one. */
  private static String unknownName(String body) {
    var matcher = Pattern.compile("nobody-[0-9]+-[0-9]+").matcher(body);
    return matcher.find() ? matcher.group() : "\u0000";
  }

  @Test
  void deletingNeedsTheNameTypedAndRemovesTheAccount() {
    var target = new TestUsers(accounts, machines).userWithMachine("deleted");
    var admin = AdminTesting.adminSession(accounts, port);
    String page = "/admin/users/" + target.user().id();
    var wrong = admin.submit(page, "#delete-form", Map.of("confirmation", "something else"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(administration.find(target.user().id())).isPresent();
    var deleted = admin.submit(page, "#delete-form", Map.of("confirmation", target.user().username()));
    assertThat(deleted.statusCode()).isEqualTo(302);
    assertThat(administration.find(target.user().id())).isEmpty();
    assertThat(admin.get(page).statusCode()).isEqualTo(404);
    assertThat(admin.page("/admin/audit").select("#audit tbody tr").first().text())
        .contains("delete account", target.user().username());
  }
}
