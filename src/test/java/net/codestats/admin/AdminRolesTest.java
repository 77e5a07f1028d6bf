package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Admins grant and revoke the role; both are in the audit log, with who and when. */
@IntegrationTest
class AdminRolesTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void grantAndRevokeTakeEffectAtOnceAndAreAudited() {
    var admin = AdminTesting.adminSession(accounts, port);
    User helper = new TestUsers(accounts, machines).user("helper");
    var helperWeb = AdminTesting.loggedIn(port, helper.username());
    assertThat(helperWeb.get("/admin").statusCode()).isEqualTo(403);
    assertThat(helperWeb.page("/my/preferences").select("a[href=/admin]")).isEmpty();

    var granted = admin.submit("/admin/admins", "#grant-form", Map.of("username", helper.username().toUpperCase()));
    assertThat(granted.statusCode()).isEqualTo(302);
    assertThat(helperWeb.get("/admin").statusCode()).isEqualTo(200);
    assertThat(helperWeb.page("/my/preferences").select("a[href=/admin]")).hasSize(1);
    var admins = admin.page("/admin/admins");
    assertThat(admins.select("#admins td a").eachText()).contains(helper.username(), AdminTesting.ADMIN);

    // the new admin revokes nobody by configuration, and takes back nothing twice
    var configured = accounts.findByUsername(AdminTesting.ADMIN).orElseThrow();
    var refused = helperWeb.post(
        "/admin/admins/" + configured.id() + "/revoke", Map.of("_csrf", helperWeb.csrfToken("/admin/admins")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(refused.body()).select("#admin-refused").text()).contains("by configuration");
    assertThat(admin.get("/admin").statusCode()).isEqualTo(200);

    var revoke =
        admin.submit("/admin/admins", "form[action=/admin/admins/" + helper.id() + "/revoke]", Map.of());
    assertThat(revoke.statusCode()).isEqualTo(302);
    assertThat(helperWeb.get("/admin").statusCode()).isEqualTo(403);
    assertThat(helperWeb.get("/admin/admins").statusCode()).isEqualTo(403);
    assertThat(helperWeb.page("/my/preferences").select("a[href=/admin]")).isEmpty();

    var log = admin.page("/admin/audit").select("#audit tbody tr");
    var rows = log.stream().map(row -> row.select("td").eachText()).toList();
    assertThat(rows.get(0)).containsSubsequence(AdminTesting.ADMIN, "revoke admin", helper.username());
    assertThat(rows.get(1)).containsSubsequence(AdminTesting.ADMIN, "grant admin", helper.username());
    assertThat(rows.get(0).get(0)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void badGrantsAre400AndChangeNothing() {
    var admin = AdminTesting.adminSession(accounts, port);
    String token = admin.csrfToken("/admin/admins");
    var unknown = admin.post("/admin/admins", Map.of("_csrf", token, "username", TestUsers.uniqueName("nobody")));
    assertThat(unknown.statusCode()).isEqualTo(400);
    var nul = admin.post("/admin/admins", Map.of("_csrf", token, "username", "a\u0000b"));
    assertThat(nul.statusCode()).isEqualTo(400);
    var again = admin.post("/admin/admins", Map.of("_csrf", token, "username", AdminTesting.ADMIN));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(admin.get("/admin/admins/notanumber/revoke").statusCode()).isIn(400, 405);
  }
}
