package net.codestats.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import net.codestats.correction.BenchCorrections;
import net.codestats.xp.BenchAggregates;

/**
 * A correction of one year of the heavy user's XP (the year up to now), timed: its removal
 * (XP set aside, aggregates rebuilt) and its restoration, each one transaction of the
 * server's own code, then the drift check. Beside the wall-clock times it notes the CPU time
 * PostgreSQL and this client spent, which a machine shared with other work does not inflate,
 * also for one more full rebuild of the (unchanged) heavy user.
 */
final class CorrectionBench {

  private final BenchEnvironment env;
  private final Report report;

  CorrectionBench(BenchEnvironment env, Report report) {
    this.env = env;
    this.report = report;
  }

  /** Wall-clock and CPU time of one step. */
  private record Timed<T>(T result, Duration wall, double postgresCpu, double clientCpu) {
    String describe() {
      return "%d ms (CPU: PostgreSQL %.2f s, client %.2f s)".formatted(wall.toMillis(), postgresCpu, clientCpu);
    }
  }

  void run(Dataset dataset) {
    var cpu = new CpuMeter(0, env.dataDir());
    try (var dataSource = env.dataSource(2)) {
      var corrections = new BenchCorrections(dataSource);
      var aggregates = new BenchAggregates(dataSource);
      long user = dataset.heavyUserId();
      var rebuild = timed(cpu, () -> {
        aggregates.rebuild(user);
        return null;
      });
      Instant until = Instant.now().truncatedTo(ChronoUnit.HOURS);
      Instant from = until.minus(365, ChronoUnit.DAYS);
      var removed = timed(cpu, () -> corrections.remove(user, from, until));
      var restored = timed(cpu, () -> corrections.restore(user, removed.result().id()));
      long drift = aggregates.drift(user);
      report.row(
          "correction of one year of the heavy user's XP (" + removed.result().xp() + " XP in "
              + removed.result().pulses() + " pulses): remove + restore",
          removed.wall().plus(restored.wall()).toMillis() + " ms", "–", "–", "timed", null);
      report.note(
          "correction: remove " + removed.describe() + ", restore " + restored.describe()
              + "; drift after restore: " + drift);
      report.note("one more full rebuild of the unchanged heavy user: " + rebuild.describe());
    }
  }

  private static <T> Timed<T> timed(CpuMeter cpu, Supplier<T> step) {
    var threads = ManagementFactory.getThreadMXBean();
    var before = cpu.sample();
    long clientBefore = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    T result = step.get();
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    double client = (threads.getCurrentThreadCpuTime() - clientBefore) / 1e9;
    return new Timed<>(result, wall, cpu.sample().minus(before).postgresSeconds(), client);
  }
}
