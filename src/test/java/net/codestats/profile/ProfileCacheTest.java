package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The cached public JSON never shows what a change has made stale. */
@IntegrationTest
class ProfileCacheTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void cachedProfileFollowsPulsesMachineChangesAndPrivacyAtOnce() {
    var http = new Http(port);
    var sender = new TestUsers(accounts, machines).userWithMachine("cached");
    String path = "/api/users/" + sender.user().username();
    String codedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();

    assertThat(http.get(path).body()).contains("\"total_xp\":0");
    assertThat(http.postPulse(sender.token(), pulse(codedAt, 40)).statusCode()).isEqualTo(201);
    assertThat(http.get(path).body()).contains("\"total_xp\":40").contains("\"laptop\"");
    var cached = http.get(path);
    assertThat(cached.body()).contains("\"total_xp\":40");
    assertThat(cached.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(cached.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    machines.rename(sender.user().id(), sender.machineId(), "desktop");
    assertThat(http.get(path).body()).contains("\"desktop\"").doesNotContain("\"laptop\"");

    machines.setActive(sender.user().id(), sender.machineId(), false);
    assertThat(http.get(path).body()).contains("\"machines\":{}").contains("\"total_xp\":40");

    accounts.setPrivateProfile(sender.user().id(), true);
    var hidden = http.get(path);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).contains("User not found or private.");
  }

  @Test
  void concurrentReadsOfAStaleProfileAllGetTheFreshOne() throws Exception {
    var http = new Http(port);
    var sender = new TestUsers(accounts, machines).userWithMachine("stampede");
    String path = "/api/users/" + sender.user().username();
    assertThat(http.get(path).body()).contains("\"total_xp\":0");
    String codedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90).toString();
    assertThat(http.postPulse(sender.token(), pulse(codedAt, 77)).statusCode()).isEqualTo(201);

    var answers = new ArrayList<Future<String>>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> http.get(path).body()));
      }
      for (var answer : answers) {
        assertThat(answer.get()).contains("\"total_xp\":77").contains("\"Rust\"");
      }
    }
  }

  private static String pulse(String codedAt, int xp) {
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Rust\",\"xp\":" + xp + "}]}";
  }
}
