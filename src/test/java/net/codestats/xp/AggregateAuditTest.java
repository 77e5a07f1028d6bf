package net.codestats.xp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The UTC-hour aggregate stays in step, and the audit finds and repairs drift. */
@IntegrationTest
class AggregateAuditTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Aggregates aggregates;
  @Autowired AggregateAudit audit;
  @Autowired JdbcClient jdbc;

  @Test
  void utcHourAggregateKeptInStepAndDriftRepaired() {
    var coder = new TestUsers(accounts, machines).userWithMachine("audit");
    var http = new Http(port);
    Instant at = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(59, ChronoUnit.MINUTES);
    for (int i = 0; i < 2; i++) {
      String codedAt =
          DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
              .format(OffsetDateTime.ofInstant(at.plus(i, ChronoUnit.MINUTES), ZoneOffset.ofHours(9)));
      assertThat(http
          .postPulse(coder.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Kotlin\",\"xp\":11}]}")
          .statusCode()).isEqualTo(201);
    }
    long userId = coder.user().id();
    // 59 minutes past the hour and 1 minute later: two UTC hours
    assertThat(jdbc.sql("select xp from user_utc_hour_xp where user_id = ? order by utc_hour").param(userId)
        .query(Long.class).list()).containsExactly(11L, 11L);
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(audit.check(userId)).isZero();

    jdbc.sql("update user_utc_hour_xp set xp = xp + 5 where user_id = ?").param(userId).update();
    jdbc.sql("update user_language_xp set xp = 1 where user_id = ?").param(userId).update();
    assertThat(aggregates.drift(userId)).isEqualTo(2 * 2 + 2);
    assertThat(audit.check(userId)).isPositive();
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(
        jdbc.sql("select sum(xp) from user_utc_hour_xp where user_id = ?").param(userId).query(Long.class).single())
        .isEqualTo(22);
  }
}
