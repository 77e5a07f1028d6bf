package net.codestats.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import net.codestats.account.Accounts;
import net.codestats.correction.Correction.State;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Pulses;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.xp.Aggregates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Corrections against the whole application: what the preview shows is what goes, undo puts
 * back the very same profile, the aggregates stay in step while pulses keep arriving, and bad
 * choices change nothing.
 */
@IntegrationTest
class CorrectionsTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Corrections corrections;
  @Autowired Aggregates aggregates;
  @Autowired Pulses pulses;
  @Autowired Languages languages;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired TestClock clock;

  Http http;
  TransactionTemplate transaction;
  TestUsers users;
  Instant base;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    transaction = new TransactionTemplate(transactions);
    users = new TestUsers(accounts, machines);
    // days ago: outside the profile's "recent" window, inside what the API accepts
    base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(4, ChronoUnit.DAYS);
  }

  /** 24 pulses an hour apart on the machine (Java and Elm, then Java alone), at UTC+02:00. */
  private void sendDay(String token, Instant from) {
    for (int i = 0; i < 24; i++) {
      String xps =
          i % 2 == 0
              ? "[{\"language\":\"Java\",\"xp\":%d},{\"language\":\"Elm\",\"xp\":3}]".formatted(10 + i)
              : "[{\"language\":\"Java\",\"xp\":%d}]".formatted(10 + i);
      send(token, from.plus(i, ChronoUnit.HOURS).plusSeconds(17), xps);
    }
  }

  private void send(String token, Instant at, String xps) {
    String json =
        "{\"coded_at\":\"%s\",\"xps\":%s}".formatted(CODED_AT.format(at.atOffset(ZoneOffset.ofHours(2))), xps);
    var response = http.postPulse(token, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private String profileJson(UserWithMachine user) {
    var response = http.get("/api/users/" + user.user().username());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private long id(String language) {
    return languages.resolve(language).countedId();
  }

  private CorrectionForm form(Long machine, Long language, Instant from, Instant until) {
    var minute = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    return new CorrectionForm(
        machine == null ? "" : machine.toString(),
        language == null ? "" : language.toString(),
        from == null ? "" : minute.format(from),
        until == null ? "" : minute.format(until),
        "utc");
  }

  private long xpKeptAside(long correctionId) {
    return jdbc.sql("select coalesce(sum(amount), 0) from correction_xps where correction_id = ?")
        .param(correctionId)
        .query(Long.class)
        .single();
  }

  @Test
  void previewIsWhatGoesAndUndoRestoresTheSameProfile() {
    var coder = users.userWithMachine("correct");
    long userId = coder.user().id();
    var desk = machines.create(userId, "desk");
    sendDay(coder.token(), base);
    sendDay(desk.token(), base.plus(1, ChronoUnit.DAYS));
    String before = profileJson(coder);
    assertThat(aggregates.drift(userId)).isZero();
    long total = totalXp(userId);

    // Java on the laptop from the 3rd to the 15th hour: a pulse with Elm keeps its Elm entry
    var scope =
        corrections.scope(
            userId,
            form(coder.machineId(), id("Java"), base.plus(3, ChronoUnit.HOURS), base.plus(15, ChronoUnit.HOURS)));
    CorrectionPreview preview = corrections.preview(userId, scope);
    long expected = LongStream.range(3, 15).map(i -> 10 + i).sum();
    assertThat(preview.xp()).isEqualTo(expected);
    assertThat(preview.pulses()).isEqualTo(12);
    assertThat(preview.totalBefore()).isEqualTo(total);
    assertThat(preview.totalAfter()).isEqualTo(total - expected);
    assertThat(preview.languages()).singleElement().satisfies(l -> {
      assertThat(l.name()).isEqualTo("Java");
      assertThat(l.removed()).isEqualTo(expected);
    });

    Correction removed = corrections.remove(userId, scope);

    assertThat(removed.xp()).isEqualTo(preview.xp());
    assertThat(removed.pulses()).isEqualTo(preview.pulses());
    assertThat(removed.state()).isEqualTo(State.REMOVED);
    assertThat(xpKeptAside(removed.id())).isEqualTo(expected);
    // kept aside per local date and language exactly as the preview showed it
    Map<LocalDate, Long> perDay = new HashMap<>();
    jdbc.sql(
        """
            select p.sent_at_local::date as d, sum(x.amount) as xp from correction_xps x
            join correction_pulses p on p.correction_id = x.correction_id and p.pulse_id = x.pulse_id
            where x.correction_id = ? group by 1""")
        .param(removed.id())
        .query(rs -> {
          perDay.put(rs.getObject("d", LocalDate.class), rs.getLong("xp"));
        });
    Map<LocalDate, Long> previewed = new HashMap<>();
    preview.days().forEach(d -> previewed.merge(d.date(), d.xp(), Long::sum));
    assertThat(perDay).isEqualTo(previewed);
    assertThat(corrections.preview(userId, scope).isEmpty()).isTrue();
    assertThat(totalXp(userId)).isEqualTo(total - expected);
    assertThat(aggregates.drift(userId)).isZero();
    String during = profileJson(coder);
    assertThat(during).isNotEqualTo(before);
    assertThat(during).contains("\"total_xp\":" + (total - expected));

    Correction restored = corrections.restore(userId, removed.id());

    assertThat(restored.state()).isEqualTo(State.RESTORED);
    assertThat(restored.restoredAt()).isNotNull();
    assertThat(profileJson(coder)).isEqualTo(before);
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(xpKeptAside(removed.id())).isZero();
    assertThat(corrections.list(userId)).extracting(Correction::state).containsExactly(State.RESTORED);
  }

  @Test
  void restoringTwiceAddsNothing() {
    var coder = users.userWithMachine("correcttwice");
    long userId = coder.user().id();
    sendDay(coder.token(), base);
    String before = profileJson(coder);
    var removed = corrections.remove(userId, corrections.scope(userId, form(coder.machineId(), null, null, null)));
    assertThat(totalXp(userId)).isZero();

    corrections.restore(userId, removed.id());
    assertThatThrownBy(() -> corrections.restore(userId, removed.id()))
        .isInstanceOf(CorrectionException.class)
        .hasMessageContaining("already restored");
    assertThat(profileJson(coder)).isEqualTo(before);

    // the pulse module's own guard: the same pulses put back again, by id and fingerprint
    List<Pulses.RemovedPulse> aside =
        transaction.execute(s -> pulses.remove(userId, new Pulses.PulseFilter(null, id("Elm"), null, null)));
    Long first = transaction.execute(s -> pulses.restore(userId, aside));
    Long second = transaction.execute(s -> pulses.restore(userId, aside));
    assertThat(first).isEqualTo(12L);
    assertThat(second).isZero();
    assertThat(profileJson(coder)).isEqualTo(before);
    assertThat(aggregates.drift(userId)).isZero();
  }

  @Test
  void removedXpIsPurgedAfterSevenDays() {
    var coder = users.userWithMachine("correctpurge");
    long userId = coder.user().id();
    sendDay(coder.token(), base);
    var removed = corrections.remove(userId, corrections.scope(userId, form(null, id("Elm"), null, null)));
    try {
      clock.freezeAt(removed.createdAt().plus(Duration.ofDays(6)));
      corrections.purgeExpired();
      assertThat(corrections.find(userId, removed.id()).orElseThrow().state()).isEqualTo(State.REMOVED);
      assertThat(xpKeptAside(removed.id())).isEqualTo(36);

      clock.freezeAt(removed.createdAt().plus(Corrections.KEPT).plusSeconds(1));
      assertThat(corrections.find(userId, removed.id()).orElseThrow().restorable()).isFalse();
      assertThat(corrections.purgeExpired()).isPositive();

      Correction purged = corrections.find(userId, removed.id()).orElseThrow();
      assertThat(purged.state()).isEqualTo(State.PURGED);
      assertThat(purged.purgedAt()).isNotNull();
      assertThat(xpKeptAside(removed.id())).isZero();
      assertThatThrownBy(() -> corrections.restore(userId, removed.id()))
          .isInstanceOf(CorrectionException.class)
          .hasMessageContaining("purged");
    } finally {
      clock.resume();
    }
    assertThat(aggregates.drift(userId)).isZero();
  }

  @Test
  void badChoicesAreRefusedAndChangeNothing() {
    var coder = users.userWithMachine("correctbad");
    var other = users.userWithMachine("correctother");
    long userId = coder.user().id();
    sendDay(coder.token(), base);
    send(other.token(), base, "[{\"language\":\"Cobolish\",\"xp\":5}]");
    String before = profileJson(coder);

    assertRefused(userId, form(null, null, base, base.minusSeconds(3600)), "ends before it starts");
    assertRefused(userId, form(null, null, base, base), "empty");
    assertRefused(userId, form(other.machineId(), null, null, null), "no such machine");
    assertRefused(userId, new CorrectionForm("laptop", "", "", "", "utc"), "no such machine");
    assertRefused(userId, form(null, id("Cobolish"), null, null), "no XP in that language");
    assertRefused(userId, form(null, 987654321L, null, null), "no XP in that language");
    assertRefused(userId, new CorrectionForm("", "", "yesterday", "", "utc"), "not a date and time");
    assertRefused(userId, CorrectionForm.empty(), "Choose");
    var nothing =
        corrections.scope(userId, form(null, null, base.minus(3, ChronoUnit.DAYS), base.minus(2, ChronoUnit.DAYS)));
    assertThat(corrections.preview(userId, nothing).isEmpty()).isTrue();
    assertThatThrownBy(() -> corrections.remove(userId, nothing))
        .isInstanceOf(CorrectionException.class)
        .hasMessageContaining("Nothing to remove");

    assertThat(corrections.list(userId)).isEmpty();
    assertThat(profileJson(coder)).isEqualTo(before);
    assertThat(aggregates.drift(userId)).isZero();
  }

  private void assertRefused(long userId, CorrectionForm form, String message) {
    assertThatThrownBy(() -> corrections.remove(userId, corrections.scope(userId, form)))
        .isInstanceOf(CorrectionException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aggregatesStayInStepWhilePulsesArriveDuringRemovalAndRestore() throws Exception {
    var coder = users.userWithMachine("correctbusy");
    long userId = coder.user().id();
    sendDay(coder.token(), base);
    sendDay(coder.token(), base.plus(1, ChronoUnit.DAYS));
    long total = totalXp(userId);
    List<UserWithMachine> senders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var machine = machines.create(userId, "busy-" + i);
      senders.add(new UserWithMachine(coder.user(), machine.machine().id(), machine.token()));
    }
    var stop = new AtomicBoolean();
    Instant now = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    try {
      List<Future<Long>> sent = new ArrayList<>();
      for (var sender : senders) {
        sent.add(pool.submit(() -> {
          long xp = 0;
          for (int n = 0; n < 60 && !stop.get(); n++) {
            // a second apart at least: two pulses in one second with the same XP are one retried pulse
            send(sender.token(), now.minusSeconds(60 + 10L * n), "[{\"language\":\"Java\",\"xp\":7}]");
            xp += 7;
          }
          return xp;
        }));
      }
      for (int round = 0; round < 3; round++) {
        var scope = corrections.scope(userId, form(coder.machineId(), null, base, base.plus(30, ChronoUnit.HOURS)));
        var removed = corrections.remove(userId, scope);
        assertThat(removed.pulses()).isEqualTo(30);
        assertThat(aggregates.drift(userId)).isZero();
        corrections.restore(userId, removed.id());
        assertThat(aggregates.drift(userId)).isZero();
      }
      stop.set(true);
      long concurrent = 0;
      for (var f : sent) {
        concurrent += f.get();
      }
      assertThat(aggregates.drift(userId)).isZero();
      assertThat(totalXp(userId)).isEqualTo(total + concurrent);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  void openProfilePagesAreToldToRefetch() {
    var coder = users.userWithMachine("correctlive");
    long userId = coder.user().id();
    sendDay(coder.token(), base);
    String topic = "users:" + coder.user().username();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      assertThat(client.join(topic).get(4).get("status").asString()).isEqualTo("ok");
      var removed = corrections.remove(userId, corrections.scope(userId, form(null, id("Elm"), null, null)));
      var push = client.nextEvent(topic, "refetch");
      assertThat(push.get(4).toString()).isEqualTo("{}");
      corrections.restore(userId, removed.id());
      client.nextEvent(topic, "refetch");
    }
  }

  private long totalXp(long userId) {
    return jdbc.sql("select coalesce(sum(xp), 0) from user_language_xp where user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }
}
