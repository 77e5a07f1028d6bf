package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.leaderboard.Leaderboards;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An admin takes a user off the boards and puts them back; both are audited. */
@IntegrationTest
class AdminLeaderboardsTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Leaderboards leaderboards;

  @Test
  void removedFromTheBoardsAndBackAgain() {
    var http = new Http(port);
    String language = "AdminBoard" + TestUsers.uniqueName("").replace("-", "x");
    var target = new TestUsers(accounts, machines).userWithMachine("offboards");
    String name = target.user().username();
    assertThat(http.postPulse(target.token(), AdminUsersTest.pulse(language, 40)).statusCode()).isEqualTo(201);
    leaderboards.refresh();
    // positive control: on the board before
    assertThat(http.get("/api/leaderboards?window=all&language=" + language).body()).contains(name);

    var admin = AdminTesting.adminSession(accounts, port);
    var removed = admin.submit("/admin/users/" + target.user().id(), "#exclude-form", Map.of());
    assertThat(removed.statusCode()).isEqualTo(302);
    assertThat(leaderboards.isExcluded(target.user().id())).isTrue();
    leaderboards.refresh();
    assertThat(http.get("/api/leaderboards?window=all&language=" + language).body()).doesNotContain(name);
    assertThat(http.get("/api/users/" + name).body()).contains("\"total_xp\":40"); // the profile stays
    assertThat(admin.page("/admin/users/" + target.user().id()).select("#off-boards").text())
        .contains("Removed from the leaderboards");
    assertThat(admin.page("/admin/leaderboards").select("#exclusions").text()).contains(name);

    var back = admin.submit("/admin/users/" + target.user().id(), "#include-form", Map.of());
    assertThat(back.statusCode()).isEqualTo(302);
    leaderboards.refresh();
    assertThat(http.get("/api/leaderboards?window=all&language=" + language).body()).contains(name);

    var log = admin.page("/admin/audit").select("#audit tbody tr").eachText();
    assertThat(log.get(0)).contains("put back on leaderboards", name);
    assertThat(log.get(1)).contains("remove from leaderboards", name);
  }
}
