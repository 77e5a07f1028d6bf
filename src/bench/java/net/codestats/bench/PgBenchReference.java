package net.codestats.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The reference for ingestion: pgbench running the SQL one pulse needs (the pulse row, its
 * three XP rows, the four aggregates) as one transaction per pulse, prepared statements, the
 * same concurrency, against the same database. Latency percentiles come from pgbench's
 * per-transaction log.
 */
final class PgBenchReference {

  static final String SCRIPT =
      """
      \\set m :m0 + :client_id
      \\set u :u0 + :client_id
      \\set x1 random(1, 97)
      \\set x2 random(1, 13)
      \\set x3 random(1, 5)
      \\set xs :x1 + :x2 + :x3
      BEGIN;
      INSERT INTO pulses (user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint) VALUES (:u, :m, now(), 120, (now() AT TIME ZONE 'UTC') + interval '120 minutes', gen_random_uuid()) ON CONFLICT (machine_id, fingerprint) DO NOTHING RETURNING id AS pulse_id \\gset
      INSERT INTO xps (pulse_id, user_id, language_id, original_language_id, amount) VALUES (:pulse_id, :u, :l1, :l1, :x1), (:pulse_id, :u, :l2, :l2, :x2), (:pulse_id, :u, :l3, :l3, :x3);
      INSERT INTO user_language_xp (user_id, language_id, xp) VALUES (:u, :l1, :x1), (:u, :l2, :x2), (:u, :l3, :x3) ON CONFLICT (user_id, language_id) DO UPDATE SET xp = user_language_xp.xp + excluded.xp;
      INSERT INTO user_machine_xp (user_id, machine_id, xp) VALUES (:u, :m, :xs) ON CONFLICT (user_id, machine_id) DO UPDATE SET xp = user_machine_xp.xp + excluded.xp;
      INSERT INTO user_day_language_xp (user_id, local_date, language_id, xp) VALUES (:u, ((now() AT TIME ZONE 'UTC') + interval '120 minutes')::date, :l1, :x1), (:u, ((now() AT TIME ZONE 'UTC') + interval '120 minutes')::date, :l2, :x2), (:u, ((now() AT TIME ZONE 'UTC') + interval '120 minutes')::date, :l3, :x3) ON CONFLICT (user_id, local_date, language_id) DO UPDATE SET xp = user_day_language_xp.xp + excluded.xp;
      INSERT INTO user_hour_xp (user_id, local_hour, xp) VALUES (:u, extract(hour from (now() AT TIME ZONE 'UTC') + interval '120 minutes')::smallint, :xs) ON CONFLICT (user_id, local_hour) DO UPDATE SET xp = user_hour_xp.xp + excluded.xp;
      END;
      """;

  private PgBenchReference() {}

  static LoadResult run(BenchEnvironment env, Dataset dataset, int clients, Duration duration)
      throws IOException, InterruptedException {
    var load = dataset.loadMachines();
    for (int i = 1; i < clients; i++) {
      if (load.get(i).machineId() != load.get(0).machineId() + i || load.get(i).userId() != load.get(0).userId() + i) {
        throw new IllegalStateException("load machines are not numbered consecutively");
      }
    }
    Path dir = Files.createDirectories(env.logs().resolve("pgbench"));
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Path script = dir.resolve("pulse.sql");
    Files.writeString(script, SCRIPT);
    var command =
        new ArrayList<>(
            List.of(
                "pgbench", "-h", "127.0.0.1", "-p", Integer.toString(env.pgPort()), "-U", "postgres",
                "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Long.toString(duration.toSeconds()), "-f", script.toString(),
                "--log", "--log-prefix=" + dir.resolve("tx"),
                "-D", "m0=" + load.get(0).machineId(), "-D", "u0=" + load.get(0).userId(),
                "-D", "l1=" + dataset.pulseLanguageIds().get(0), "-D", "l2=" + dataset.pulseLanguageIds().get(1),
                "-D", "l3=" + dataset.pulseLanguageIds().get(2), "postgres"));
    Path output = dir.resolve("pgbench.out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    int exit = process.waitFor();
    String text = Files.readString(output);
    if (exit != 0) {
      throw new IllegalStateException("pgbench failed (" + exit + "):\n" + text);
    }
    var latency = new Histogram(60_000_000L, 3);
    long transactions = 0;
    long failed = 0;
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("tx")).toList()) {
        for (String line : Files.readAllLines(log)) {
          // client_id transaction_no time script_no time_epoch time_us [schedule_lag]
          String[] fields = line.split(" ");
          if (fields[2].equals("failed") || fields[2].equals("skipped")) {
            failed++;
            continue;
          }
          latency.recordValue(Math.min(Long.parseLong(fields[2]), 60_000_000L));
          transactions++;
        }
      }
    }
    double seconds = duration.toSeconds();
    var m = java.util.regex.Pattern.compile("duration: (\\d+) s").matcher(text);
    if (m.find()) {
      seconds = Double.parseDouble(m.group(1));
    }
    Map<String, Long> outcomes = new TreeMap<>(Map.of("committed", transactions));
    if (failed > 0) {
      outcomes.put("failed", failed);
    }
    return new LoadResult("pgbench reference", transactions, failed, outcomes, seconds, latency);
  }
}
