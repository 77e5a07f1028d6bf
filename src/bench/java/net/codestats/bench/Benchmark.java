package net.codestats.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.codestats.support.OriginalProfileQuery;
import net.codestats.xp.BenchAggregates;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The benchmark: starts the packaged server in its own JVM on a generated database and
 * measures each figure of the quality targets against a reference measured in the same run.
 * Run it through {@code bench/run}; {@code --quick} gives a short smoke run.
 */
public final class Benchmark {

  private final Options options;
  private final BenchEnvironment env;
  private final Report report = new Report();
  private String ownerCookie;

  private Benchmark(Options options) throws IOException {
    this.options = options;
    this.env = BenchEnvironment.from(options.asMap());
  }

  public static void main(String[] args) throws Exception {
    var options = new Options(args);
    new Benchmark(options)
        .run(String.join(" ", java.util.Arrays.stream(args).filter(a -> !a.startsWith("--java-home=")).toList()));
  }

  private void run(String args) throws Exception {
    Dataset dataset = ensureDataset(env, options, report);
    System.out.println("Data set: " + dataset.summary());
    if (selected("startup")) {
      new StartupBench(env, options, report).run();
    }
    if (Stream
        .of("rebuild", "correction", "reads", "leaderboards", "badges", "language-page", "ingestion", "fanout", "soak")
        .noneMatch(this::selected)) {
      finish(args);
      return;
    }
    // the fan-out's subscribers all connect from this one address; its figures are with the
    // opt-in frame shortcut, as they were measured before it became one. Every load client runs
    // here: the per-address limits (GraphQL answers 429 after 300 requests) would measure
    // themselves, so this host is exempt (the fault tests' security probes keep them on)
    try (var server =
        env.startServerAndWait(
            "bench",
            List.of("--codestats.live.max-sockets-per-address=1000000",
                "--codestats.live.tomcat-frame-shortcut=true",
                "--codestats.rate-limit.exempt-addresses=127.0.0.1,0:0:0:0:0:0:0:1"))) {
      warmUp(dataset);
      settle(server);
      if (selected("rebuild")) {
        rebuild(dataset);
      }
      if (selected("correction")) {
        new CorrectionBench(env, report).run(dataset);
      }
      if (selected("reads")) {
        reads(dataset, server);
      }
      if (selected("leaderboards")) {
        new LeaderboardBench(env, options, report).run();
      }
      if (selected("badges")) {
        readRows(server, BadgeBench.targets(dataset.heavyUser()));
      }
      if (selected("language-page")) {
        LanguagePageBench.run(env, options, report, dataset);
      }
      if (selected("ingestion")) {
        ingestion(dataset, server);
      }
      // the soak before the fan-out: thousands of open sockets grow the heap, and a serial-GC
      // heap once grown stays resident, which the soak would then report as its own
      if (selected("soak")) {
        soak(dataset, server);
      }
      if (selected("fanout")) {
        fanout(dataset, server);
      }
    }
    finish(args);
  }

  private void finish(String args) throws IOException {
    String command = "bench/run " + args;
    String markdown = report.markdown(command.strip());
    System.out.println();
    System.out.println(markdown);
    Path results = Path.of(options.text("results", env.root().resolve("target/bench-results.md").toString()));
    report.write(results, command.strip());
    System.out.println("Written to " + results);
  }

  /**
   * Pulses and every read for a while before anything is measured, so that the JIT compiler's
   * work (minutes of CPU for Spring's call paths) is not counted against the first figure, nor
   * its new code: with the serial collector the code cache's unloading is a full collection,
   * which a read first compiled in its own window would pay there.
   */
  private void warmUp(Dataset dataset) throws Exception {
    Duration duration = options.duration("server-warmup", Duration.ofSeconds(20), Duration.ofSeconds(60));
    var machines = dataset.loadMachines();
    URI uri = env.uri("/api/my/pulses");
    var loads = new ArrayList<HttpLoad>();
    loads.add(new HttpLoad("warm-up pulses", 16, 201,
        (client, seq) -> Pulses.request(uri,
            Pulses.next(machines.get(client % machines.size()).token(), client, seq))));
    loads.add(readLoad("/api/ping", 2));
    for (ReadTarget target : defaultReadTargets(dataset)) {
      var request = requestOf(target);
      loads.add(new HttpLoad("warm-up " + target.label(), 2, 200, (client, seq) -> request));
    }
    var threads = new ArrayList<Thread>();
    for (var load : loads) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          load.run(Duration.ZERO, duration);
        } catch (InterruptedException ignored) {
          // stopped
        }
      }));
    }
    for (var thread : threads) {
      thread.join();
    }
    System.out.println("Server warmed up for " + duration.toSeconds() + " s");
  }

  /**
   * What the warm-up leaves behind is not counted in the first window: the JIT compiler's
   * queue (its threads are the server's CPU) and PostgreSQL's autovacuum of the warm-up's
   * pulses. The database is vacuumed, then the server and PostgreSQL are waited for until they
   * are idle (under 5 % of a core for a second; at most a minute).
   */
  private void settle(ServerProcess server) throws InterruptedException {
    try (var dataSource = env.dataSource(1)) {
      JdbcClient.create(dataSource).sql("vacuum analyze").update();
    }
    var cpu = new CpuMeter(server.pid(), env.dataDir());
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    var before = cpu.sample();
    while (System.nanoTime() < until) {
      Thread.sleep(1000);
      var now = cpu.sample();
      if (now.minus(before).totalSeconds() < 0.05) {
        return;
      }
      before = now;
    }
  }

  /** {@code --only=reads,ingestion} runs a part of the benchmark. */
  private boolean selected(String part) {
    String only = options.text("only", "");
    return only.isBlank() || List.of(only.split(",")).contains(part);
  }

  /** Generates the database once (or again with --regenerate); later runs reuse it. */
  static Dataset ensureDataset(BenchEnvironment env, Options options, Report report) throws Exception {
    if (!options.flag("regenerate") && Files.exists(Dataset.file(env.dataDir()))) {
      return Dataset.load(env.dataDir());
    }
    ServerProcess.stopOrphanedPostmaster(env.postgresData()); // left by an earlier run that was killed
    deleteRecursively(env.dataDir());
    Files.createDirectories(env.dataDir());
    System.out.println("Generating the data set in " + env.dataDir() + " …");
    try (var server = env.startServerAndWait("generate", List.of());
        var dataSource = env.dataSource(4)) {
      var generator =
          new DataGenerator(
              dataSource,
              new DataGenerator.Options(
                  options.number("seed", 42, 42),
                  options.integer("light-users", 100, 500),
                  options.number("heavy-xp-rows", 1_000_000, 1_000_000),
                  64));
      Dataset dataset = generator.generate();
      dataset.save(env.dataDir());
      return dataset;
    }
  }

  private void rebuild(Dataset dataset) throws Exception {
    try (var dataSource = env.dataSource(2)) {
      var aggregates = new BenchAggregates(dataSource);
      var times = new ArrayList<Duration>();
      for (int i = 0; i < options.integer("rebuild-rounds", 2, 3); i++) {
        long start = System.nanoTime();
        aggregates.rebuild(dataset.heavyUserId());
        times.add(Duration.ofNanos(System.nanoTime() - start));
      }
      long drift = aggregates.drift(dataset.heavyUserId());
      Duration median = median(times);
      report.row(
          "full rebuild of the heavy user's aggregates (" + dataset.heavyXpRows() + " XP rows)",
          median.toMillis() + " ms", "–", "–", "<= 2000 ms", median.toMillis() <= 2000);
      report.note(
          "rebuild runs " + times.stream().map(Duration::toMillis).toList() + " ms; drift after rebuild: " + drift);
    }
  }

  /**
   * One read path under load: a GET, or a POST with a fixed body; with the request headers the
   * reader sends (a signed-in owner's session cookie, a browser's Accept-Encoding).
   */
  record ReadTarget(String label, String path, String contentType, String body, Map<String, String> headers) {
    static ReadTarget get(String path) {
      return new ReadTarget("GET " + path, path, null, null, Map.of());
    }

    /**
     * A GET by its key: the path, after {@code owner:} signed in as the page's owner (with
     * {@code cookie}), after {@code gzip:} gzip accepted as browsers send it, or both
     * ({@code owner:gzip:/users/{heavy}}).
     */
    static ReadTarget of(String key, String cookie) {
      var headers = new LinkedHashMap<String, String>();
      String path = key;
      var label = new StringBuilder();
      if (path.startsWith(OWNER)) {
        path = path.substring(OWNER.length());
        headers.put("Cookie", cookie);
        label.append(", signed in as its owner");
      }
      if (path.startsWith(GZIP)) {
        path = path.substring(GZIP.length());
        headers.put("Accept-Encoding", BROWSER_ENCODINGS);
        label.append(", Accept-Encoding: gzip (as browsers send)");
      }
      return new ReadTarget(
          "GET " + path + label, path, null, null, Collections.unmodifiableMap(headers)); // in order, as sent
    }

    boolean gzip() {
      return headers.containsKey("Accept-Encoding");
    }

    String key() {
      return (headers.containsKey("Cookie") ? OWNER : "") + (gzip() ? GZIP : "") + path;
    }
  }

  static final String OWNER = "owner:";
  static final String GZIP = "gzip:";
  /** what Chromium and Firefox send */
  static final String BROWSER_ENCODINGS = "gzip, deflate, br, zstd";

  /**
   * The reads of a heavy user's profile: the JSON API, the profile page, and the GraphQL
   * query that the original site's profile page sent (raw document, all-time and last-12-hour
   * languages and machines, 14 days per language, day of year, hour of day).
   */
  static List<ReadTarget> readTargets(String heavyUser, Instant now) {
    Instant recent = now.minus(Duration.ofHours(12));
    LocalDate chartStart = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(13);
    String query = OriginalProfileQuery.of(heavyUser, recent, chartStart);
    return List.of(
        ReadTarget.get("/api/users/" + heavyUser),
        ReadTarget.get("/users/" + heavyUser),
        ReadTarget.of(GZIP + "/users/" + heavyUser, null),
        new ReadTarget("POST /profile-graph (the profile page's query)", "/profile-graph", "text/plain", query,
            Map.of()));
  }

  /** The read targets with the owner's page, as its owner logged in (once per run). */
  private List<ReadTarget> defaultReadTargets(Dataset dataset) throws Exception {
    var defaults = new ArrayList<>(readTargets(dataset.heavyUser(), Instant.now()));
    String page = "/users/" + dataset.heavyUser();
    int at = defaults.indexOf(ReadTarget.get(page)) + 1;
    defaults.add(at, ReadTarget.of(OWNER + page, ownerCookie(dataset)));
    defaults.add(at + 1, ReadTarget.of(OWNER + GZIP + page, ownerCookie(dataset)));
    return defaults;
  }

  private String ownerCookie(Dataset dataset) throws Exception {
    if (ownerCookie == null) {
      ownerCookie = OwnerLogin.sessionCookie(env, dataset);
    }
    return ownerCookie;
  }

  private void reads(Dataset dataset, ServerProcess server) throws Exception {
    var defaults = defaultReadTargets(dataset);
    String cookie = ownerCookie(dataset);
    var targets = new ArrayList<>(defaults);
    // more read paths: --read-urls=/a,/b ({heavy} is the heavy user's name; owner:/b signed in as the heavy
    // user, gzip:/b with a browser's Accept-Encoding, owner:gzip:/b both); --read-urls= alone: the defaults
    String only = options.text("read-urls", "");
    if (!only.isBlank()) {
      targets.clear();
      for (String extra : only.split(",")) {
        String key = extra.strip().replace("{heavy}", dataset.heavyUser());
        targets.addAll(defaults.stream().filter(t -> t.key().equals(key)).toList());
        if (targets.stream().noneMatch(t -> t.key().equals(key))) {
          targets.add(ReadTarget.of(key, cookie));
        }
      }
    }
    readRows(server, targets);
  }

  /**
   * Each target as two rows (CPU and throughput), against {@code GET /api/ping} measured just
   * before it: on a shared machine the speed of the cores drifts over minutes (another tenant,
   * the host), which a single reference at the start would count against the later targets.
   */
  private void readRows(ServerProcess server, List<ReadTarget> targets) throws Exception {
    int clients = options.integer("read-clients", 16, 16);
    Duration warmup = options.duration("read-warmup", Duration.ofSeconds(3), Duration.ofSeconds(10));
    Duration duration = options.duration("read-duration", Duration.ofSeconds(10), Duration.ofSeconds(30));
    var cpu = new CpuMeter(server.pid(), env.dataDir());
    for (ReadTarget target : targets) {
      checkAnswer(target);
      var before = cpu.sample();
      LoadResult reference = read(ReadTarget.get("/api/ping"), clients, warmup, duration);
      double referenceCpu = cpu.sample().minus(before).totalSeconds() * 1e6 / reference.ok();
      report.note(reference.describe() + " (the reference for " + target.label() + ")");
      before = cpu.sample();
      LoadResult result = read(target, clients, warmup, duration);
      double resultCpu = cpu.sample().minus(before).totalSeconds() * 1e6 / result.ok();
      report.row(
          "CPU per request (server JVM + PostgreSQL), " + target.label(),
          "%.0f µs".formatted(resultCpu), "%.0f µs (GET /api/ping)".formatted(referenceCpu),
          Report.ratio(referenceCpu / resultCpu), "(diagnostic: throughput ratio if CPU-bound)", null);
      report.note(result.describe());
      double ratio = result.throughput() / reference.throughput();
      report.row(
          target.label() + " (" + clients + " clients): throughput, p50 / p99",
          "%.0f/s, %s / %s, %d errors".formatted(result.throughput(), Report.ms(result.percentileMs(50)),
              Report.ms(result.percentileMs(99)), result.errors()),
          "%.0f/s, %s / %s (GET /api/ping)".formatted(reference.throughput(), Report.ms(reference.percentileMs(50)),
              Report.ms(reference.percentileMs(99))),
          Report.ratio(ratio), ">= 0.5, p99 <= 10 ms",
          ratio >= 0.5 && result.percentileMs(99) <= 10 && result.errors() == 0);
    }
  }

  /** wrk (lean, in C) unless --client=java or wrk is missing. */
  private boolean useWrk() {
    return !options.text("client", "wrk").equals("java") && Wrk.available();
  }

  /** A load run counts statuses only: one look at the body first (GraphQL errors come with a 200). */
  private void checkAnswer(ReadTarget target) throws Exception {
    var answer = HttpLoad.newClient().send(requestOf(target), HttpResponse.BodyHandlers.ofString());
    if (target.gzip() && answer.headers().firstValue("Content-Encoding").isEmpty()) {
      report.note(target.label() + ": answered without Content-Encoding (not compressed)");
    }
    if (answer.statusCode() != 200 || answer.body().contains("\"errors\"")) {
      throw new IllegalStateException(target.label() + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private HttpRequest requestOf(ReadTarget target) {
    var builder = HttpRequest.newBuilder(env.uri(target.path()));
    target.headers().forEach(builder::header);
    if (target.body() != null) {
      builder.header("Content-Type", target.contentType()).POST(HttpRequest.BodyPublishers.ofString(target.body()));
    }
    return builder.build();
  }

  private LoadResult read(ReadTarget target, int clients, Duration warmup, Duration duration) throws Exception {
    if (!target.headers().isEmpty()) {
      if (useWrk()) {
        return Wrk.getWithHeaders(env, target.path(), target.headers(), clients, warmup, duration);
      }
      var request = requestOf(target);
      return new HttpLoad(target.label(), clients, 200, (client, seq) -> request).run(warmup, duration);
    }
    if (target.body() == null) {
      return useWrk()
          ? Wrk.get(env, target.path(), clients, warmup, duration)
          : readLoad(target.path(), clients).run(warmup, duration);
    }
    if (useWrk()) {
      return Wrk.post(env, target.path(), target.contentType(), target.body(), clients, warmup, duration);
    }
    var request =
        HttpRequest.newBuilder(env.uri(target.path()))
            .header("Content-Type", target.contentType())
            .POST(HttpRequest.BodyPublishers.ofString(target.body()))
            .build();
    return new HttpLoad(target.label(), clients, 200, (client, seq) -> request).run(warmup, duration);
  }

  private HttpLoad readLoad(String path, int clients) {
    URI uri = env.uri(path);
    var request = HttpLoad.get(uri);
    return new HttpLoad("GET " + path, clients, 200, (client, seq) -> request);
  }

  private void ingestion(Dataset dataset, ServerProcess server) throws Exception {
    int clients = options.integer("clients", 64, 64);
    Duration warmup = options.duration("warmup", Duration.ofSeconds(5), Duration.ofSeconds(10));
    Duration duration = options.duration("duration", Duration.ofSeconds(15), Duration.ofSeconds(60));
    var machines = dataset.loadMachines();
    URI uri = env.uri("/api/my/pulses");
    var load =
        new HttpLoad("POST /api/my/pulses", clients, 201,
            (client, seq) -> Pulses.request(uri,
                Pulses.next(machines.get(client % machines.size()).token(), client, seq)));
    var rss = new RssSampler(server, Duration.ofMillis(500));
    var cpu = new CpuMeter(server.pid(), env.dataDir());
    var before = cpu.sample();
    LoadResult result;
    try (rss) {
      result =
          useWrk()
              ? Wrk.pulses(env, machines.stream().map(Dataset.LoadMachine::token).toList(), clients, warmup, duration)
              : load.run(warmup, duration);
    }
    var serverCpu = cpu.sample().minus(before);
    report.note(result.describe());
    before = cpu.sample();
    LoadResult reference = PgBenchReference.run(env, dataset, clients, duration);
    var referenceCpu = cpu.sample().minus(before);
    report.note(reference.describe());
    before = cpu.sample();
    LoadResult batched = PgBenchReference.runBatched(env, dataset, duration);
    var batchedCpu = cpu.sample().minus(before);
    report.note(batched.describe());
    double perPulse = serverCpu.totalSeconds() * 1e6 / result.ok();
    double perReferencePulse = referenceCpu.postgresSeconds() * 1e6 / reference.ok();
    report.row(
        "CPU per pulse (diagnostic)",
        "%.0f µs (server JVM %.0f + PostgreSQL %.0f)".formatted(perPulse, serverCpu.serverSeconds() * 1e6 / result.ok(),
            serverCpu.postgresSeconds() * 1e6 / result.ok()),
        "%.0f µs (PostgreSQL; pgbench itself not counted)".formatted(perReferencePulse),
        Report.ratio(perReferencePulse / perPulse), "(throughput ratio if CPU-bound)", null);
    double ratio = result.throughput() / reference.throughput();
    report.row(
        "pulse ingestion (" + clients + " keep-alive clients, 3 languages, " + duration.toSeconds()
            + " s): throughput, p50 / p99",
        "%.0f/s, %s / %s, %d errors".formatted(result.throughput(), Report.ms(result.percentileMs(50)),
            Report.ms(result.percentileMs(99)), result.errors()),
        "%.0f/s, %s / %s (pgbench, 1 tx per pulse)".formatted(reference.throughput(),
            Report.ms(reference.percentileMs(50)), Report.ms(reference.percentileMs(99))),
        Report.ratio(ratio), ">= 1.5, p99 <= 50 ms, 0 errors",
        ratio >= 1.5 && result.percentileMs(99) <= 50 && result.errors() == 0);
    double batchedRatio = result.throughput() / batched.throughput();
    report.row(
        "pulse ingestion against the batched ceiling",
        "%.0f/s".formatted(result.throughput()),
        "%.0f pulses/s, %s / %s per transaction (pgbench, %d pulses per transaction, %d connections), %.0f µs"
            .formatted(batched.throughput(), Report.ms(batched.percentileMs(50)), Report.ms(batched.percentileMs(99)),
                PgBenchReference.BATCH, PgBenchReference.WRITERS, batchedCpu.postgresSeconds() * 1e6 / batched.ok())
            + " PostgreSQL CPU per pulse",
        Report.ratio(batchedRatio), ">= 0.7", batchedRatio >= 0.7);
    report.row("server RSS during ingestion (max)", Report.mb(rss.max()), "–", "–", "<= 400 MB",
        rss.max() <= 400L << 20);
  }

  /**
   * Live fan-out, two rows: every subscriber on one profile topic (the worst case: subscribers
   * × rate messages per second), and a mixed spread over many topics plus the front page
   * ({@code --fanout-scenarios=mixed,single}, {@code --fanout-frontpage-share=0.05}).
   */
  private void fanout(Dataset dataset, ServerProcess server) throws Exception {
    int subscribers = options.integer("subscribers", 1000, 10_000);
    int rate = options.integer("fanout-rate", 100, 100);
    Duration duration = options.duration("fanout-duration", Duration.ofSeconds(10), Duration.ofSeconds(30));
    var scenarios = new ArrayList<LiveFanout.Scenario>();
    // the lighter one first: the heavy one leaves a backlog that a later run would receive
    for (String name : options.text("fanout-scenarios", "mixed,single").split(",")) {
      scenarios.add(
          switch (name.strip()) {
            case "single" -> LiveFanout.singleTopic(dataset, subscribers);
            case "mixed" ->
              LiveFanout.mixed(dataset, subscribers,
                  Double.parseDouble(options.text("fanout-frontpage-share", "0.05")));
            default -> throw new IllegalArgumentException("unknown fan-out scenario " + name);
          });
    }
    for (var scenario : scenarios) {
      if (!server.isAlive()) {
        report.row("live fan-out, " + scenario.label(), "not run: the server exited (see " + server.log() + ")", "–",
            "–",
            "p99 <= 200 ms", false);
        continue;
      }
      // the send path is not part of the server's warm-up: a round of the same scenario first,
      // not measured, so that the figures are of compiled code (in a cold 30 s run the JIT
      // compiler took about a quarter of the server's CPU)
      Duration warmUp = options.duration("fanout-warmup", Duration.ofSeconds(15), Duration.ofSeconds(30));
      if (!warmUp.isZero()) {
        awaitIdle(server);
        var warm = LiveFanout.run(env, server, scenario, rate, warmUp);
        report.note("fan-out warm-up, not measured (" + warmUp.toSeconds() + " s): " + warm.note());
      }
      awaitIdle(server);
      var result = LiveFanout.run(env, server, scenario, rate, duration);
      if (!server.isAlive()) {
        report.note("fan-out " + scenario.label() + ": the server exited during the run (see " + server.log() + ")");
      }
      String what =
          "live fan-out, %s (%d WebSocket subscribers, %d pulses/s)".formatted(scenario.label(), subscribers, rate);
      if (!result.available()) {
        report.row(what, result.note(), "–", "–", "p99 <= 200 ms", null);
        continue;
      }
      report.row(
          what + ": joined, deliveries received of expected (per second), send-to-receive p50 / p99",
          "%d of %d joined; %,d of %,d deliveries (%,.0f/s expected); p50 %s / p99 %s".formatted(
              result.joined(), subscribers, result.received(), result.expected(), result.expectedPerSecond(),
              Report.ms(result.percentileMs(50)), Report.ms(result.percentileMs(99))),
          "–", "–", "p99 <= 200 ms, all delivered",
          result.percentileMs(99) <= 200 && result.received() == result.expected() && result.joined() == subscribers);
      report.note("fan-out " + result.note()
          + "; %d pulses sent, %d not accepted; CPU during the run: server JVM %.1f s, load client thread %.1f s, over %.1f s"
              .formatted(result.pulses(), result.pulsesFailed(), result.serverCpuSeconds(), result.clientCpuSeconds(),
                  result.seconds()));
    }
  }

  /** Waits (up to a minute) until the server uses less than a fifth of a core: done with earlier load. */
  private void awaitIdle(ServerProcess server) throws InterruptedException {
    var cpu = new CpuMeter(server.pid(), env.dataDir());
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline && server.isAlive()) {
      var before = cpu.sample();
      Thread.sleep(2000);
      if (cpu.sample().minus(before).serverSeconds() < 0.4) {
        return;
      }
    }
  }

  /** A steady mixed load (pulses and reads) for the soak time, watching the server's memory. */
  private void soak(Dataset dataset, ServerProcess server) throws Exception {
    Duration duration = options.duration("soak", Duration.ofSeconds(60), Duration.ofMinutes(10));
    var machines = dataset.loadMachines();
    URI uri = env.uri("/api/my/pulses");
    var stop = new AtomicBoolean();
    var pulses =
        new HttpLoad("soak pulses", 32, 201,
            (client, seq) -> Pulses.request(uri,
                Pulses.next(machines.get(client % machines.size()).token(), client, seq)))
            .rate(options.integer("soak-pulse-rate", 200, 200));
    var reads = readLoad("/api/users/" + dataset.heavyUser(), 8).rate(options.integer("soak-read-rate", 200, 200));
    var readResult = new LoadResult[1];
    var readThread = Thread.ofPlatform().start(() -> {
      try {
        readResult[0] = reads.run(Duration.ZERO, duration, stop);
      } catch (InterruptedException ignored) {
        // stopped
      }
    });
    var samples = new ArrayList<Long>();
    var sampler = new RssSampler(server, Duration.ofSeconds(5), samples);
    LoadResult pulseResult;
    try (sampler) {
      pulseResult = pulses.run(Duration.ZERO, duration, stop);
    }
    readThread.join();
    report.note(pulseResult.describe());
    if (readResult[0] != null) {
      report.note(readResult[0].describe());
    }
    int tenth = Math.max(1, samples.size() / 10);
    long early = samples.subList(0, tenth).stream().mapToLong(Long::longValue).max().orElse(0);
    long late =
        samples.subList(samples.size() - tenth, samples.size()).stream().mapToLong(Long::longValue).max().orElse(0);
    boolean flat = late <= early * 1.10 && late <= 400L << 20;
    report.row(
        "server RSS over a " + duration.toMinutes() + " min " + duration.toSecondsPart()
            + " s soak (200 pulses/s + 200 reads/s)",
        "first tenth max %s, last tenth max %s, overall max %s".formatted(Report.mb(early), Report.mb(late),
            Report.mb(sampler.max())),
        "–", "%.2f".formatted((double) late / early), "flat (<= +10%), <= 400 MB", flat);
    report.note("soak RSS samples (MB, every 5 s): " + samples.stream().map(b -> b >> 20).toList());
  }

  static Duration median(List<Duration> values) {
    var sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Samples the server's RSS in the background; {@link #max()} after closing. */
  static final class RssSampler implements AutoCloseable {
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;

    RssSampler(ServerProcess server, Duration every) {
      this(server, every, new ArrayList<>());
    }

    RssSampler(ServerProcess server, Duration every, List<Long> samples) {
      thread = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (true) {
            long rss = server.rssBytes();
            max.accumulateAndGet(rss, Math::max);
            synchronized (samples) {
              samples.add(rss);
            }
            Thread.sleep(every);
          }
        } catch (InterruptedException stop) {
          // done
        }
      });
    }

    long max() {
      return max.get();
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }
  }
}
