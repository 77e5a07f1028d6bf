package net.codestats.xp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import net.codestats.account.Accounts;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Walks through all users a batch at a time, compares each one's aggregates with a
 * recomputation from raw pulses and rebuilds those that drifted. Drift means a bug or a
 * manual change in the database, so it is counted ({@code codestats.aggregates.drift}) and
 * logged.
 */
@Component
class AggregateAudit {

  private static final Logger log = LoggerFactory.getLogger(AggregateAudit.class);
  static final int BATCH = 50;

  private final Accounts accounts;
  private final Aggregates aggregates;
  private final Counter driftedUsers;
  private final Counter checkedUsers;
  private long lastUserId;

  AggregateAudit(Accounts accounts, Aggregates aggregates, MeterRegistry meters) {
    this.accounts = accounts;
    this.aggregates = aggregates;
    this.driftedUsers =
        Counter.builder("codestats.aggregates.drift")
            .description("Users whose aggregates differed from their raw pulses and were rebuilt")
            .register(meters);
    this.checkedUsers =
        Counter.builder("codestats.aggregates.checked").description("Users whose aggregates were checked")
            .register(meters);
  }

  @SchedulerLock(name = "aggregate audit", lockAtLeastFor = "PT5M")
  @Scheduled(
      initialDelayString = "${codestats.aggregate-audit.initial-delay:PT5M}",
      fixedDelayString = "${codestats.aggregate-audit.interval:PT10M}")
  void checkNextBatch() {
    List<Long> users = accounts.idsAfter(lastUserId, BATCH);
    lastUserId = users.isEmpty() ? 0 : users.getLast();
    users.forEach(this::check);
  }

  /** @return the number of aggregate rows that had drifted (now rebuilt) */
  long check(long userId) {
    long drift = aggregates.drift(userId);
    checkedUsers.increment();
    if (drift > 0) {
      log.warn("Aggregates of user {} differed from raw pulses in {} rows; rebuilt", userId, drift);
      aggregates.rebuild(userId);
      driftedUsers.increment();
    }
    return drift;
  }
}
