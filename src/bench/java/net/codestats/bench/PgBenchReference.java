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
 * The references for ingestion, against the same database with prepared statements; latency
 * percentiles come from pgbench's per-transaction log.
 *
 * <ul>
 *   <li>{@link #SCRIPT}: the SQL one pulse needs (the pulse row, its three XP rows, the four
 *       aggregates), one transaction per pulse, at the load's concurrency.
 *   <li>{@link #BATCHED_SCRIPT}: the batched ceiling, what the server's batch writer sends per
 *       group commit ({@code PulseStore.store}: machines locked, pulses, XP rows, the users'
 *       advisory locks, the six aggregate upserts in one statement, the leaderboard's minute
 *       and unranked upserts) for {@value #BATCH} pulses per transaction, on as many
 *       connections as the server has writers, each with its own half of the load users (the
 *       server splits them by user id the same way, so two batches never wait on each other).
 * </ul>
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

  /** Pulses per transaction of the batched reference. */
  static final int BATCH = 50;

  /** The server's pulse writers ({@code codestats.pulse.writers}), one connection each. */
  static final int WRITERS = 2;

  /**
   * One group commit of {@value #BATCH} pulses. Client {@code c} takes the load users
   * {@code u0 + c + 2k} (32 of the 64), so some users send two pulses in one batch; their
   * aggregate rows are summed per key first, as the server does. The aggregate lock namespace
   * is {@code Aggregates.AGGREGATE_LOCK}. Over the per-minute cap (always, at this rate) the
   * excess goes to the unranked table, as the server's plausibility check does.
   */
  static final String BATCHED_SCRIPT =
      """
      \\set c :client_id % 2
      \\set mc :m0 + :c
      \\set uc :u0 + :c
      \\set dm :m0 - :u0
      BEGIN;
      SELECT id FROM machines WHERE id = ANY (ARRAY(SELECT :mc::bigint + 2 * k FROM generate_series(0, 31) k)::bigint[]) AND active ORDER BY id FOR SHARE;
      WITH p AS (INSERT INTO pulses (user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint) SELECT :uc::bigint + 2 * (j % 32), :mc::bigint + 2 * (j % 32), now(), 120, (now() AT TIME ZONE 'UTC') + interval '120 minutes', gen_random_uuid() FROM generate_series(0, 49) j ON CONFLICT (machine_id, fingerprint) DO NOTHING RETURNING id, user_id) SELECT array_agg(id ORDER BY id) AS ids, array_agg(user_id ORDER BY id) AS users FROM p \\gset
      INSERT INTO xps (pulse_id, user_id, language_id, original_language_id, amount) SELECT p, u, l, l, 1 + (p + l) % 97 FROM unnest(:ids::bigint[], :users::bigint[]) AS x (p, u), unnest(ARRAY[:l1::bigint, :l2::bigint, :l3::bigint]) AS l;
      SELECT pg_advisory_xact_lock_shared(1097298552, hashint8(u)) FROM unnest(ARRAY(SELECT DISTINCT u FROM unnest(:users::bigint[]) u ORDER BY u)) WITH ORDINALITY AS t (u, i) ORDER BY i;
      WITH e AS (SELECT u, :dm::bigint + u AS m, l, 1 + (p + l) % 97 AS a, date_trunc('hour', now()) AS utc_hour, (now() AT TIME ZONE 'UTC') + interval '120 minutes' AS t FROM unnest(:ids::bigint[], :users::bigint[]) AS x (p, u), unnest(ARRAY[:l1::bigint, :l2::bigint, :l3::bigint]) AS l), language_xp AS (INSERT INTO user_language_xp (user_id, language_id, xp) SELECT u, l, sum(a) FROM e GROUP BY 1, 2 ORDER BY 1, 2 ON CONFLICT (user_id, language_id) DO UPDATE SET xp = user_language_xp.xp + excluded.xp), machine_xp AS (INSERT INTO user_machine_xp (user_id, machine_id, xp) SELECT u, m, sum(a) FROM e GROUP BY 1, 2 ORDER BY 1, 2 ON CONFLICT (user_id, machine_id) DO UPDATE SET xp = user_machine_xp.xp + excluded.xp), day_xp AS (INSERT INTO user_day_language_xp (user_id, local_date, language_id, xp) SELECT u, t::date, l, sum(a) FROM e GROUP BY 1, 2, 3 ORDER BY 1, 3, 2 ON CONFLICT (user_id, local_date, language_id) DO UPDATE SET xp = user_day_language_xp.xp + excluded.xp), hour_xp AS (INSERT INTO user_hour_xp (user_id, local_hour, xp) SELECT u, extract(hour FROM t)::smallint, sum(a) FROM e GROUP BY 1, 2 ORDER BY 1, 2 ON CONFLICT (user_id, local_hour) DO UPDATE SET xp = user_hour_xp.xp + excluded.xp), utc_hour_xp AS (INSERT INTO user_utc_hour_xp (user_id, utc_hour, language_id, machine_id, xp) SELECT u, utc_hour, l, m, sum(a) FROM e GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ON CONFLICT (user_id, utc_hour, language_id, machine_id) DO UPDATE SET xp = user_utc_hour_xp.xp + excluded.xp), language_hour_xp AS (INSERT INTO user_language_local_hour_xp (user_id, language_id, local_hour, machine_id, xp) SELECT u, l, date_trunc('hour', t), m, sum(a) FROM e GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ON CONFLICT (user_id, language_id, local_hour, machine_id) DO UPDATE SET xp = user_language_local_hour_xp.xp + excluded.xp) SELECT 1;
      INSERT INTO leaderboard_minute_xp (user_id, minute, xp) SELECT u, date_trunc('minute', now()), sum(1 + (p + l) % 97) FROM unnest(:ids::bigint[], :users::bigint[]) AS x (p, u), unnest(ARRAY[:l1::bigint, :l2::bigint, :l3::bigint]) AS l GROUP BY 1 ORDER BY 1 ON CONFLICT (user_id, minute) DO UPDATE SET xp = leaderboard_minute_xp.xp + excluded.xp RETURNING user_id, minute, xp;
      INSERT INTO leaderboard_unranked_xp (user_id, utc_hour, language_id, xp) SELECT u, date_trunc('hour', now()), l, sum(1 + (p + l) % 97) FROM unnest(:ids::bigint[], :users::bigint[]) AS x (p, u), unnest(ARRAY[:l1::bigint, :l2::bigint, :l3::bigint]) AS l GROUP BY 1, 3 ORDER BY 1, 3 ON CONFLICT (user_id, utc_hour, language_id) DO UPDATE SET xp = leaderboard_unranked_xp.xp + excluded.xp;
      END;
      """;

  private PgBenchReference() {}

  /** One transaction per pulse, {@code clients} connections. */
  static LoadResult run(BenchEnvironment env, Dataset dataset, int clients, Duration duration)
      throws IOException, InterruptedException {
    return run(env, dataset, "pgbench reference", "pulse", SCRIPT, clients, 1, duration);
  }

  /** {@value #BATCH} pulses per transaction on {@value #WRITERS} connections; the result counts pulses. */
  static LoadResult runBatched(BenchEnvironment env, Dataset dataset, Duration duration)
      throws IOException, InterruptedException {
    if (dataset.loadMachines().size() < 64) {
      throw new IllegalStateException("the batched reference needs the 64 load machines");
    }
    return run(env, dataset, "pgbench batched reference (" + BATCH + " pulses per transaction)", "batch",
        BATCHED_SCRIPT, WRITERS, BATCH, duration);
  }

  private static LoadResult run(
      BenchEnvironment env, Dataset dataset, String label, String name, String sql, int clients,
      int pulsesPerTransaction,
      Duration duration)
      throws IOException, InterruptedException {
    var load = dataset.loadMachines();
    for (int i = 1; i < load.size(); i++) {
      if (load.get(i).machineId() != load.get(0).machineId() + i || load.get(i).userId() != load.get(0).userId() + i) {
        throw new IllegalStateException("load machines are not numbered consecutively");
      }
    }
    Path dir = Files.createDirectories(env.logs().resolve("pgbench-" + name));
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Path script = dir.resolve(name + ".sql");
    Files.writeString(script, sql);
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
    // a pulse's latency is its transaction's
    return new LoadResult(label, transactions * pulsesPerTransaction, failed, outcomes, seconds, latency);
  }
}
