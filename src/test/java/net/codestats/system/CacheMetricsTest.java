package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every declared cache shows its gets, size and evictions on the management port's metrics. */
@IntegrationTest
class CacheMetricsTest {

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void everyNamedCacheHasItsMetricsAndAReadFromMemoryCountsAsAHit() {
    var sender = new TestUsers(accounts, machines).userWithMachine("metered");
    var http = new Http(port);
    String codedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
    assertThat(
        http.postPulse(sender.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Go\",\"xp\":5}]}")
            .statusCode())
        .isEqualTo(201);
    String profile = "/api/users/" + sender.user().username();
    double profileHitsBefore = hits(scrape(), "profiles");

    // the positive control: the second read of the profile comes from memory
    assertThat(http.get(profile).body()).contains("\"total_xp\":5");
    assertThat(http.get(profile).body()).contains("\"total_xp\":5");

    String metrics = scrape();
    for (NamedCache cache : NamedCache.values()) {
      String tag = "cache=\"" + cache.cacheName() + "\"";
      assertThat(metrics)
          .as(cache.cacheName())
          .containsPattern("cache_gets_total\\{[^}]*" + tag + "[^}]*result=\"hit\"")
          .containsPattern("cache_gets_total\\{[^}]*" + tag + "[^}]*result=\"miss\"")
          .containsPattern("cache_size\\{[^}]*" + tag)
          .containsPattern("cache_evictions_total\\{[^}]*" + tag);
    }
    assertThat(hits(metrics, "profiles")).isGreaterThan(profileHitsBefore);
    assertThat(hits(metrics, "account-lookups")).isPositive();
    assertThat(hits(metrics, "machine-credentials") + misses(metrics, "machine-credentials")).isPositive();
  }

  private String scrape() {
    var response = new Http(managementPort).get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double hits(String metrics, String cache) {
    return gets(metrics, cache, "hit");
  }

  private static double misses(String metrics, String cache) {
    return gets(metrics, cache, "miss");
  }

  private static double gets(String metrics, String cache, String result) {
    Matcher line =
        Pattern.compile(
            "^cache_gets_total\\{[^}]*cache=\"" + Pattern.quote(cache) + "\"[^}]*result=\"" + result
                + "\"[^}]*} (\\S+)$",
            Pattern.MULTILINE)
            .matcher(metrics);
    assertThat(line.find()).as(cache + " " + result).isTrue();
    return Double.parseDouble(line.group(1));
  }
}
