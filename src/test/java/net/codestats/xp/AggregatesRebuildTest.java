package net.codestats.xp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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

@IntegrationTest
class AggregatesRebuildTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Aggregates aggregates;
  @Autowired JdbcClient jdbc;

  @Test
  void rebuildRestoresAggregatesThatDriftedFromTheRawPulses() {
    var sender = new TestUsers(accounts, machines).userWithMachine("rebuild");
    var http = new Http(port);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);
    for (int i = 0; i < 30; i++) {
      String json =
          "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Java\",\"xp\":%d},{\"language\":\"Elm\",\"xp\":2}]}"
              .formatted(
                  base.plusSeconds(i * 3607L)
                      .atOffset(ZoneOffset.ofHours(-7))
                      .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                  i + 1);
      assertThat(http.postPulse(sender.token(), json).statusCode()).isEqualTo(201);
    }
    long userId = sender.user().id();
    assertThat(aggregates.drift(userId)).isZero();
    jdbc.sql("update user_day_language_xp set xp = xp + 5 where user_id = ?").param(userId).update();
    jdbc.sql("delete from user_hour_xp where user_id = ?").param(userId).update();
    jdbc.sql("update user_machine_xp set xp = 1 where user_id = ?").param(userId).update();
    assertThat(aggregates.drift(userId)).isPositive();

    aggregates.rebuild(userId);

    assertThat(aggregates.drift(userId)).isZero();
    assertThat(jdbc.sql("select sum(xp) from user_hour_xp where user_id = ?").param(userId).query(Long.class).single())
        .isEqualTo(465 + 60);
  }
}
