package net.codestats.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.codestats.correction.BenchCorrections;
import net.codestats.xp.BenchAggregates;

/**
 * A correction of one year of the heavy user's XP (the year up to now), timed: its removal
 * (XP set aside, aggregates rebuilt) and its restoration, each one transaction of the
 * server's own code, then the drift check.
 */
final class CorrectionBench {

  private final BenchEnvironment env;
  private final Report report;

  CorrectionBench(BenchEnvironment env, Report report) {
    this.env = env;
    this.report = report;
  }

  void run(Dataset dataset) {
    try (var dataSource = env.dataSource(2)) {
      var corrections = new BenchCorrections(dataSource);
      Instant until = Instant.now().truncatedTo(ChronoUnit.HOURS);
      Instant from = until.minus(365, ChronoUnit.DAYS);
      long start = System.nanoTime();
      var removed = corrections.remove(dataset.heavyUserId(), from, until);
      Duration remove = Duration.ofNanos(System.nanoTime() - start);
      start = System.nanoTime();
      corrections.restore(dataset.heavyUserId(), removed.id());
      Duration restore = Duration.ofNanos(System.nanoTime() - start);
      long drift = new BenchAggregates(dataSource).drift(dataset.heavyUserId());
      report.row(
          "correction of one year of the heavy user's XP (" + removed.xp() + " XP in " + removed.pulses()
              + " pulses): remove + restore",
          remove.plus(restore).toMillis() + " ms", "–", "–", "timed", null);
      report.note(
          "correction: remove " + remove.toMillis() + " ms, restore " + restore.toMillis()
              + " ms; drift after restore: " + drift);
    }
  }
}
