package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.codestats.account.Accounts;
import net.codestats.machine.AuthenticatedMachine;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.xp.Aggregates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class PulseBatcherTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired PulseStore store;
  @Autowired Aggregates aggregates;
  @Autowired JdbcClient jdbc;
  @Autowired PulseIngestion ingestion;

  @Test
  void concurrentPulsesAreAllStoredOnceWithAggregatesInStep() throws Exception {
    var users = new TestUsers(accounts, machines);
    // five machines, 80 requests each: under the test profile's per-machine rate limit
    var senders = new ArrayList<TestUsers.UserWithMachine>();
    for (int i = 0; i < 5; i++) {
      senders.add(users.userWithMachine("batch"));
    }
    var http = new Http(port);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    var results = new ArrayList<Future<Integer>>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        var sender = senders.get(i % 5);
        // every pulse sent twice at once: the retry must be recognised even in the same batch
        String json =
            "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Java\",\"xp\":%d},{\"language\":\"SQL\",\"xp\":3},{\"language\":\"Go\",\"xp\":1}]}"
                .formatted(base.plusSeconds(i), i + 1);
        for (int copy = 0; copy < 2; copy++) {
          results.add(pool.submit(() -> http.postPulse(sender.token(), json).statusCode()));
        }
      }
      for (var result : results) {
        assertThat(result.get()).isEqualTo(201);
      }
    }
    for (var sender : senders) {
      long userId = sender.user().id();
      assertThat(jdbc.sql("select count(*) from pulses where user_id = ?").param(userId).query(Long.class).single())
          .isEqualTo(40);
      assertThat(jdbc.sql("select count(*) from xps where user_id = ?").param(userId).query(Long.class).single())
          .isEqualTo(120);
      assertThat(aggregates.drift(userId)).isZero();
    }
    long javaXp =
        jdbc.sql(
            """
                select a.xp from user_language_xp a join languages l on l.id = a.language_id
                where a.user_id = ? and l.name = 'Java'""")
            .param(senders.get(0).user().id())
            .query(Long.class)
            .single();
    assertThat(javaXp).isEqualTo(3940L); // 1 + 6 + 11 + ... + 196
  }

  @Test
  void aBadPulseFailsAloneAndTheRestOfItsBatchIsStored() {
    var users = new TestUsers(accounts, machines);
    var good = users.userWithMachine("batch-good");
    var batcher = new PulseBatcher(store, 0, 100, 100, Duration.ofSeconds(10));
    var goodMachine = new AuthenticatedMachine(good.machineId(), good.user().id(), "laptop");
    var missingMachine = new AuthenticatedMachine(Long.MAX_VALUE, good.user().id(), "gone");

    var batch = new ArrayList<PulseBatcher.Pending>();
    for (int i = 0; i < 6; i++) {
      StoredPulse pulse =
          switch (i) {
            case 2 -> withUnknownLanguage(pulse(goodMachine, i)); // fails the batch's transaction
            case 4 -> pulse(missingMachine, i); // deleted after its token was checked
            default -> pulse(goodMachine, i);
          };
      batch.add(new PulseBatcher.Pending(pulse, new CompletableFuture<>()));
    }
    batcher.write(batch);

    for (int i = 0; i < 6; i++) {
      var result = batch.get(i).result();
      assertThat(result).isDone();
      if (i == 2) {
        assertThat(result).isCompletedExceptionally();
        assertThat(result.exceptionNow()).isInstanceOf(DataIntegrityViolationException.class);
      } else if (i == 4) {
        assertThat(result.resultNow()).isEqualTo(PulseStore.Outcome.MACHINE_GONE);
      } else {
        assertThat(result.resultNow()).isEqualTo(PulseStore.Outcome.STORED);
      }
    }
    assertThat(
        jdbc.sql("select count(*) from pulses where user_id = ?").param(good.user().id()).query(Long.class).single())
        .isEqualTo(4);
    assertThat(aggregates.drift(good.user().id())).isZero();
  }

  @Test
  void waitsForTheCommitAndReportsARetryAsNotNew() throws ExecutionException, InterruptedException {
    var users = new TestUsers(accounts, machines);
    var sender = users.userWithMachine("batch-retry");
    var machine = new AuthenticatedMachine(sender.machineId(), sender.user().id(), "laptop");
    var batcher = new PulseBatcher(store, 1, 100, 100, Duration.ofSeconds(10));
    try {
      assertThat(batcher.store(pulse(machine, 7))).isEqualTo(PulseStore.Outcome.STORED);
      assertThat(batcher.store(pulse(machine, 7))).isEqualTo(PulseStore.Outcome.DUPLICATE);
    } finally {
      batcher.destroy();
    }
    assertThat(
        jdbc.sql("select count(*) from pulses where user_id = ?").param(sender.user().id()).query(Long.class).single())
        .isEqualTo(1);
  }

  private static StoredPulse withUnknownLanguage(StoredPulse pulse) {
    var unknown = new Languages.ResolvedLanguage(Long.MAX_VALUE, "Unknown", Long.MAX_VALUE);
    return new StoredPulse(pulse.machine(), pulse.pulse(), List.of(unknown), pulse.fingerprint());
  }

  @Test
  void aPulseForAMachineDeletedOnItsWayIsRefusedAsUnauthenticated() {
    var sender = new TestUsers(accounts, machines).userWithMachine("deleted-machine");
    var machine = new AuthenticatedMachine(sender.machineId(), sender.user().id(), "laptop");
    machines.delete(sender.user().id(), sender.machineId());
    String body =
        "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Java\",\"xp\":5}]}"
            .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingestion.ingest(machine, body.getBytes(), "127.0.0.1"))
        .isInstanceOfSatisfying(PulseRejected.class, e -> {
          assertThat(e.status().value()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo(PulseRejected.NOT_AUTHENTICATED);
        });
  }

  private StoredPulse pulse(AuthenticatedMachine machine, int n) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600 + n);
    var parsed = new ParsedPulse(now, now, 120, List.of(new ParsedPulse.Entry("Kotlin", 10 + n)));
    return StoredPulse.of(machine, parsed, List.of(languages.resolve("Kotlin")));
  }
}
