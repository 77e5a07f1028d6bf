package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Pulses;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import net.codestats.xp.AggregatesRebuilt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The front page's history between full reads: only the last minutes are read again. */
@IntegrationTest
class XpHistoryReloadTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Pulses pulses;
  @Autowired Clock appClock;

  @Test
  void readsTheRecentMinutesAgainAndTheWholeWindowEveryHalfHour() {
    var sender = new TestUsers(accounts, machines).userWithMachine("history-reload");
    var http = new Http(port);
    Instant now = appClock.instant().truncatedTo(ChronoUnit.SECONDS);
    var clock = new TestClock();
    clock.freezeAt(now);
    var history = new XpHistory(pulses, clock);
    // the start of a minute: old and old + 1 s fall in the same minute (not so at second 59)
    Instant old = now.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
    send(http, sender.token(), old, 11);

    history.refresh(); // the whole window
    long oldMinute = xpAt(history, old);
    assertThat(oldMinute).isGreaterThanOrEqualTo(11);

    // stored without this history hearing of them: one in an old minute, one in the last
    send(http, sender.token(), old.plusSeconds(1), 7);
    send(http, sender.token(), now.minusSeconds(20), 13);
    clock.advance(Duration.ofSeconds(30));
    history.refresh(); // the minutes since the last read
    assertThat(xpAt(history, now.minusSeconds(20))).isGreaterThanOrEqualTo(13);
    assertThat(xpAt(history, old)).isEqualTo(oldMinute);

    clock.advance(XpHistory.FULL_RELOAD);
    history.refresh(); // the whole window again
    assertThat(xpAt(history, old)).isGreaterThanOrEqualTo(oldMinute + 7);
  }

  @Test
  void readsTheWholeWindowAgainAfterPastPulsesChanged() {
    var sender = new TestUsers(accounts, machines).userWithMachine("history-rewrite");
    var http = new Http(port);
    Instant now = appClock.instant().truncatedTo(ChronoUnit.SECONDS);
    var clock = new TestClock();
    clock.freezeAt(now);
    var history = new XpHistory(pulses, clock);
    Instant old = now.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES); // as above
    send(http, sender.token(), old, 5);
    history.refresh();
    long oldMinute = xpAt(history, old);

    send(http, sender.token(), old.plusSeconds(1), 9);
    clock.advance(Duration.ofSeconds(30));
    history.refresh(); // control: an old minute is not read again
    assertThat(xpAt(history, old)).isEqualTo(oldMinute);

    history.aggregatesRebuilt(new AggregatesRebuilt(sender.user().id()));
    clock.advance(Duration.ofSeconds(30));
    history.refresh();
    assertThat(xpAt(history, old)).isGreaterThanOrEqualTo(oldMinute + 9);
  }

  private static void send(Http http, String token, Instant codedAt, int xp) {
    String json =
        "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Java\",\"xp\":%d}]}".formatted(codedAt, xp);
    assertThat(http.postPulse(token, json).statusCode()).isEqualTo(201);
  }

  /** The snapshot's XP in the UTC minute of an instant (0 when it has none). */
  private static long xpAt(XpHistory history, Instant at) {
    LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    List<Object> key =
        List.of(List.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth()), List.of(t.getHour(), t.getMinute()));
    for (Object row : history.snapshot()) {
      List<?> pair = (List<?>) row;
      if (pair.get(0).equals(key)) {
        return (Long) pair.get(1);
      }
    }
    return 0;
  }
}
