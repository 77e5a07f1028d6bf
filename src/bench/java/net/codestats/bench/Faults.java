package net.codestats.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault tests against the packaged server in its own JVM: SIGKILL during ingestion, a
 * PostgreSQL restart during load, generated malformed input, and the private-profile matrix.
 * Exits non-zero when any check fails. Run through {@code bench/faults} ({@code --short} for CI).
 */
public final class Faults {

  private final Options options;
  private final Report report = new Report();
  private final List<String> failures = new ArrayList<>();

  private Faults(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    var faults = new Faults(new Options(args));
    faults.run(String.join(" ", java.util.Arrays.stream(args).filter(a -> !a.startsWith("--java-home=")).toList()));
    System.exit(faults.failures.isEmpty() ? 0 : 1);
  }

  private boolean isShort() {
    return options.flag("short");
  }

  private boolean selected(String part) {
    String only = options.text("only", "");
    return only.isBlank() || List.of(only.split(",")).contains(part);
  }

  private void run(String args) throws Exception {
    var defaults = new java.util.HashMap<>(options.asMap());
    defaults.putIfAbsent("data", Path.of(defaults.getOrDefault("root", ".")).resolve("target/fault-data").toString());
    defaults.putIfAbsent("port", "18090");
    defaults.putIfAbsent("pg-port", "15442");
    var env = BenchEnvironment.from(defaults);
    ServerProcess.stopOrphanedPostmaster(env.postgresData()); // left by an earlier run that was killed
    Benchmark.deleteRecursively(env.dataDir());
    Dataset dataset = generate(env);
    if (selected("kill")) {
      kill(env, dataset);
    }
    if (selected("bad-input") || selected("private")) {
      // the forms are fuzzed far beyond the per-address limits on sign-up and log-in; a GeoIP
      // database that puts 127.0.0.0/8 somewhere gives public pulses front-page coordinates
      Path geoIp = env.dataDir().resolve("geoip-test.mmdb");
      Files.write(geoIp, net.codestats.support.TestGeoIpDatabase.build());
      var inputArgs =
          List.of("--codestats.rate-limit.exempt-addresses=127.0.0.1", "--codestats.geoip.database=" + geoIp);
      try (var server = env.startServerAndWait("faults-input", inputArgs)) {
        if (selected("bad-input")) {
          badInput(env, dataset);
        }
        if (selected("private")) {
          privateMatrix(env, dataset);
        }
      }
    }
    if (selected("security")) {
      security(env, dataset);
    }
    if (selected("pg-restart")) {
      pgRestart(env);
    }
    String command = ("bench/faults " + args).strip();
    System.out.println();
    System.out.println(report.markdown(command));
    Path results = Path.of(options.text("results", env.root().resolve("target/fault-results.md").toString()));
    report.write(results, command);
    System.out.println(failures.isEmpty() ? "All fault checks passed." : "FAILED:\n  " + String.join("\n  ", failures));
  }

  private Dataset generate(BenchEnvironment env) throws Exception {
    Files.createDirectories(env.dataDir());
    try (var server = env.startServerAndWait("faults-generate", List.of());
        var dataSource = env.dataSource(2)) {
      var dataset = new DataGenerator(dataSource, new DataGenerator.Options(7, 5, 3000, 16)).generate();
      dataset.save(env.dataDir());
      return dataset;
    }
  }

  private void check(String what, boolean ok, String detail) {
    report.row(what, detail, "–", "–", "–", ok);
    if (!ok) {
      failures.add(what + ": " + detail);
    }
  }

  /** SIGKILL the server while pulses stream in; after a restart every acknowledged pulse must be there. */
  private void kill(BenchEnvironment env, Dataset dataset) throws Exception {
    int cycles = options.integer("kill-cycles", isShort() ? 1 : 3, 3);
    Queue<Pulses.Pulse> acknowledged = new ConcurrentLinkedQueue<>();
    var server = env.startServerAndWait("kill-0", List.of());
    try {
      for (int cycle = 1; cycle <= cycles; cycle++) {
        var sent = new ConcurrentHashMap<Long, Pulses.Pulse>();
        var machines = dataset.loadMachines();
        var load =
            new HttpLoad("kill load", 16, 201, (client, seq) -> {
              var pulse = Pulses.next(machines.get(client % machines.size()).token(), client, seq);
              sent.put(client * 1_000_000_000L + seq, pulse);
              return Pulses.request(env.uri("/api/my/pulses"), pulse);
            })
                .answers((client, seq, request, status, body) -> {
                  var pulse = sent.remove(client * 1_000_000_000L + seq);
                  if (status == 201) {
                    acknowledged.add(pulse);
                  }
                });
        var stop = new AtomicBoolean();
        var loadThread = Thread.ofPlatform().start(() -> {
          try {
            load.run(Duration.ZERO, Duration.ofMinutes(30), stop);
          } catch (InterruptedException ignored) {
            // stopped
          }
        });
        Thread.sleep(3000 + ThreadLocalRandom.current().nextInt(4000));
        int before = acknowledged.size();
        server.kill();
        stop.set(true);
        loadThread.join();
        boolean orphan = ServerProcess.postmaster(env.postgresData()).isPresent();
        long started = System.nanoTime();
        server = env.startServerAndWait("kill-" + cycle, List.of());
        long restartMs = (System.nanoTime() - started) / 1_000_000;
        boolean stoppedOrphan = Files.readString(server.log()).contains("left running on");
        check("SIGKILL #" + cycle + ": restart after the kill", true,
            "killed after %d acknowledged pulses; the orphaned postmaster %s; restarted in %d ms".formatted(
                before,
                orphan ? (stoppedOrphan ? "survived and was stopped by the new start" : "survived") : "did not survive",
                restartMs));
        if (orphan && !stoppedOrphan) {
          failures.add("orphaned postmaster not handled on restart (cycle " + cycle + ")");
        }
        verifyStored(env, dataset, acknowledged, "SIGKILL #" + cycle);
      }
    } finally {
      server.stop();
    }
  }

  private void verifyStored(BenchEnvironment env, Dataset dataset, Queue<Pulses.Pulse> acknowledged, String label) {
    try (var dataSource = env.dataSource(2)) {
      var verification = new Verification(dataSource);
      var missing = verification.acknowledgedPulsesStored(dataset, acknowledged);
      check(label + ": every 201 stored whole", missing.isEmpty(),
          missing.isEmpty() ? acknowledged.size() + " acknowledged pulses all stored with all XP" : missing.toString());
      long halves = verification.pulsesWithoutXp();
      check(label + ": no half-stored pulse", halves == 0, halves + " pulses without XP rows");
      Map<Long, Long> drift = verification.drift();
      check(label + ": aggregates equal a recomputation", drift.isEmpty(),
          drift.isEmpty() ? "drift 0 for every user" : "drift per user " + drift);
    }
  }

  /** Generated malformed requests: 4xx with a clear message each, nothing stored, other sockets served. */
  private void badInput(BenchEnvironment env, Dataset dataset) throws Exception {
    int count = options.integer("bad-requests", 2000, 10_000);
    var fuzzMachine = dataset.loadMachines().getLast();
    var client = HttpLoad.newClient();
    try (var dataSource = env.dataSource(2)) {
      var verification = new Verification(dataSource);
      Map<String, Long> before = verification.storedCounts();
      for (var target : BadInput.targets(env, fuzzMachine.token(), dataset.fanoutUser(), dataset.privateUser())) {
        BadSocket.Sentinel sentinel = target.name().startsWith("live socket") ? new BadSocket.Sentinel(env) : null;
        var outcome = BadInput.run(client, target, count, options.number("seed", 1, 1));
        check("bad input: " + target.name(), outcome.failures().isEmpty(),
            outcome.requests() + " requests, answers " + outcome.statuses()
                + (outcome.failures().isEmpty() ? "" : "; failures: " + outcome.failures()));
        if (sentinel != null) {
          sentinel.close();
          String fresh = freshSocketJoins(env);
          check("bad input: live socket, other sockets served meanwhile", sentinel.problem() == null && fresh == null,
              sentinel.summary() + "; a new socket " + (fresh == null ? "joins the front page" : fresh)
                  + (sentinel.problem() == null ? "" : "; " + sentinel.problem()));
        }
      }
      Map<String, Long> after = verification.storedCounts();
      check("bad input: nothing stored", after.equals(before), "rows before " + before + ", after " + after);
    }
  }

  /** null when a new socket can join the front page at once. */
  private static String freshSocketJoins(BenchEnvironment env) {
    try (var socket = RawWebSocket.open(env, BadSocket.PATH, Duration.ofSeconds(10), 2)) {
      if (socket.status() != 101) {
        return "was refused: " + socket.status();
      }
      socket.sendText("[\"1\",\"1\",\"frontpage\",\"phx_join\",{}]");
      var frame = socket.read(Duration.ofSeconds(10));
      return frame != null && frame.text().contains("\"ok\"")
          ? null
          : "got no ok reply: " + (frame == null ? "none" : frame.text());
    } catch (java.io.IOException e) {
      return "failed: " + e;
    }
  }

  /** The security review's load-shaped checks, against a server with every limit on. */
  private void security(BenchEnvironment env, Dataset dataset) throws Exception {
    for (var probe : SecurityProbes.PROBES) {
      try (var server = env.startServerAndWait("faults-security", List.of())) {
        for (var finding : probe.run(env, dataset, isShort())) {
          check("security: " + finding.what(), finding.ok(), finding.detail());
        }
      }
    }
  }

  private void privateMatrix(BenchEnvironment env, Dataset dataset) throws Exception {
    for (var row : PrivateMatrix.run(env, dataset)) {
      report
          .row("private profile: " + row.path(),
              "public user " + row.publicAnswer() + ", private user " + row.privateAnswer()
                  + ": " + row.verdict(),
              "–", "–", "–", row.verdict().startsWith("not available") ? null : !row.failed());
      if (row.failed()) {
        failures.add("private profile leaks on " + row.path() + ": " + row.verdict());
      }
    }
  }

  /**
   * PostgreSQL stopped and started again under load: 503 with a JSON error while it is down,
   * never a 500 or a hang, and recovery without restarting the server.
   */
  private void pgRestart(BenchEnvironment baseEnv) throws Exception {
    var env = new BenchEnvironment(baseEnv.root(), baseEnv.javaHome(), baseEnv.jar(), baseEnv.emptyAppJar(),
        baseEnv.dataDir().resolveSibling("fault-data-external"), baseEnv.port() + 1, baseEnv.pgPort() + 1,
        baseEnv.logs());
    Benchmark.deleteRecursively(env.dataDir());
    Path pgData = Files.createDirectories(env.dataDir().resolve("pg"));
    var postgres = startPostgres(pgData, env.pgPort());
    var external = List.of("--spring.datasource.url=" + env.jdbcUrl(), "--spring.datasource.username=postgres");
    Duration downtime = options.duration("pg-downtime", Duration.ofSeconds(8), Duration.ofSeconds(15));
    try (var server = env.startServerAndWait("pg-restart", external)) {
      Dataset dataset;
      try (var dataSource = env.dataSource(2)) {
        dataset = new DataGenerator(dataSource, new DataGenerator.Options(11, 2, 500, 16)).generate();
      }
      Queue<Pulses.Pulse> acknowledged = new ConcurrentLinkedQueue<>();
      var sent = new ConcurrentHashMap<Long, Pulses.Pulse>();
      var bad = new ConcurrentLinkedQueue<String>();
      var restartedAt = new AtomicLong(Long.MAX_VALUE);
      var firstOkAfterRestart = new AtomicLong();
      var machines = dataset.loadMachines();
      var pulses =
          new HttpLoad("pg-restart pulses", 16, 201, (client, seq) -> {
            var pulse = Pulses.next(machines.get(client % machines.size()).token(), client, seq);
            sent.put(client * 1_000_000_000L + seq, pulse);
            return Pulses.request(env.uri("/api/my/pulses"), pulse);
          })
              .rate(400)
              .answers((client, seq, request, status, body) -> {
                var pulse = sent.remove(client * 1_000_000_000L + seq);
                judgeOutage(status, body, bad);
                if (status == 201) {
                  acknowledged.add(pulse);
                  if (System.nanoTime() > restartedAt.get()) {
                    firstOkAfterRestart.compareAndSet(0, System.nanoTime());
                  }
                }
              });
      var request = HttpLoad.get(env.uri("/api/users/" + dataset.fanoutUser()));
      var reads =
          new HttpLoad("pg-restart reads", 2, 200, (client, seq) -> request)
              .rate(50)
              .answers((client, seq, r, status, body) -> judgeOutage(status, body, bad));
      var stop = new AtomicBoolean();
      var results = new LoadResult[2];
      var pulseThread = Thread.ofPlatform().start(() -> {
        try {
          results[0] = pulses.run(Duration.ZERO, Duration.ofMinutes(30), stop);
        } catch (InterruptedException ignored) {
          // stopped
        }
      });
      var readThread = Thread.ofPlatform().start(() -> {
        try {
          results[1] = reads.run(Duration.ZERO, Duration.ofMinutes(30), stop);
        } catch (InterruptedException ignored) {
          // stopped
        }
      });
      Thread.sleep(4000);
      postgres.close();
      Thread.sleep(downtime.toMillis());
      postgres = startPostgres(pgData, env.pgPort());
      restartedAt.set(System.nanoTime());
      Thread.sleep(15_000);
      stop.set(true);
      pulseThread.join();
      readThread.join();
      double recovery =
          firstOkAfterRestart.get() == 0 ? Double.NaN : (firstOkAfterRestart.get() - restartedAt.get()) / 1e9;
      for (LoadResult r : results) {
        check("PostgreSQL restart: " + r.name() + " answers", bad.isEmpty() && r.latency().getMaxValue() < 10_000_000,
            "answers " + r.outcomes() + ", slowest %.1f s".formatted(r.latency().getMaxValue() / 1e6));
      }
      if (!bad.isEmpty()) {
        failures.add("answers during the outage: " + bad.stream().distinct().limit(10).toList());
      }
      check("PostgreSQL restart: recovery without restarting the server", recovery >= 0 && recovery < 10,
          "first 201 %.1f s after PostgreSQL was back (down for %d s)".formatted(recovery, downtime.toSeconds()));
      verifyStored(env, dataset, acknowledged, "PostgreSQL restart");
    } finally {
      postgres.close();
    }
  }

  /** During an outage only 503 with a JSON error (and Retry-After) is acceptable besides success. */
  private static void judgeOutage(int status, String body, Queue<String> bad) {
    if (status == 200 || status == 201) {
      return;
    }
    if (status == 503 && body.matches("(?s)\\{\\s*\"error\"\\s*:\\s*\"[^\"]{3,}\".*")) {
      return;
    }
    bad.add(status + " " + (body.length() > 160 ? body.substring(0, 160) : body));
  }

  /** Never a clean data directory: zonky would delete it again when stopping (the "restart"). */
  private static EmbeddedPostgres startPostgres(Path data, int port) throws java.io.IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(120))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "200")
        .start();
  }
}
