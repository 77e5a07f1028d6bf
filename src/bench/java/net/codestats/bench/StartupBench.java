package net.codestats.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Start-up to the first served request: the server (on the generated database, so with its
 * embedded PostgreSQL start, but no initdb) against an empty Spring Boot web app with one
 * endpoint, both launched the same way, with the same JVM flags, alternately in each round.
 *
 * <p>Each way of launching gives one row: the packaged jars ({@code java -jar}) as the README
 * runs them; and on a JDK 25+, both jars extracted ({@code -Djarmode=tools extract}), without
 * and with a JDK AOT cache. Each cache is made by one training run of its own app (start, the
 * first request, SIGTERM; the JVM writes the cache as it exits) and used with
 * {@code -XX:AOTMode=on}, so that a cache the JVM cannot use fails the run instead of
 * silently measuring without it.
 */
record StartupBench(BenchEnvironment env, Options options, Report report) {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  /** One way of launching both apps: the jars to run and the extra JVM flags of each. */
  private record Launch(String label, String key, Path serverJar, List<String> serverFlags, Path emptyJar,
      List<String> emptyFlags) {}

  private record Run(Duration wall, double cpuSeconds) {}

  void run() throws Exception {
    if (!Files.exists(env.emptyAppJar())) {
      report.row("start-up to first request", "–", "empty app jar missing", "–", "<= 1.5", null);
      return;
    }
    var launches = new ArrayList<Launch>();
    launches.add(new Launch("packaged jars, java -jar", "jar", env.jar(), List.of(), env.emptyAppJar(), List.of()));
    if (options.text("aot-cache", "true").equals("true") && javaFeatureVersion() >= 25) {
      launches.addAll(extractedLaunches());
    }
    int rounds = options.integer("startup-rounds", 3, 5);
    var server = new ArrayList<List<Run>>();
    var empty = new ArrayList<List<Run>>();
    for (int l = 0; l < launches.size(); l++) {
      server.add(new ArrayList<>());
      empty.add(new ArrayList<>());
    }
    // rounds outermost: a busy spell on the machine then falls on every way of launching
    for (int i = 0; i < rounds; i++) {
      for (int l = 0; l < launches.size(); l++) {
        Launch launch = launches.get(l);
        String label = "startup-" + launch.key() + "-" + i;
        try (var s = env.startServer(label, launch.serverJar(), launch.serverFlags(), List.of())) {
          server.get(l).add(new Run(s.awaitReady(READY_TIMEOUT), cpuSeconds(s)));
        }
        try (var e = env.startEmptyApp(label, launch.emptyJar(), launch.emptyFlags())) {
          empty.get(l).add(new Run(e.awaitReady(READY_TIMEOUT), cpuSeconds(e)));
        }
      }
    }
    for (int l = 0; l < launches.size(); l++) {
      row(launches.get(l), rounds, server.get(l), empty.get(l));
    }
  }

  private void row(Launch launch, int rounds, List<Run> server, List<Run> empty) {
    Duration s = Benchmark.median(server.stream().map(Run::wall).toList());
    Duration e = Benchmark.median(empty.stream().map(Run::wall).toList());
    double ratio = (double) s.toMillis() / e.toMillis();
    report.row(
        "start-up to first served request, " + launch.label() + " (median of " + rounds
            + ", server incl. embedded PostgreSQL start)",
        s.toMillis() + " ms", e.toMillis() + " ms (empty Spring Boot app)", Report.ratio(ratio), "<= 1.5",
        ratio <= 1.5);
    // on a shared machine the load drifts: the ratio within each round and the ratio of the
    // fastest runs are steadier than the ratio of medians; CPU time does not depend on others
    var roundRatios = new ArrayList<Double>();
    for (int i = 0; i < server.size(); i++) {
      roundRatios.add((double) server.get(i).wall().toMillis() / empty.get(i).wall().toMillis());
    }
    double fastest = (double) Collections.min(millis(server)) / Collections.min(millis(empty));
    report.note(("start-up, %s: server %s ms, empty app %s ms; median of the per-round ratios %.2f, "
        + "fastest against fastest %.2f; JVM CPU time until ready (median) %.1f s against %.1f s = %.2f ×")
        .formatted(launch.label(), millis(server), millis(empty), median(roundRatios), fastest,
            medianCpu(server), medianCpu(empty), medianCpu(server) / medianCpu(empty)));
  }

  /** Both jars extracted; without a cache, and with one AOT cache per app when training made it. */
  private List<Launch> extractedLaunches() throws Exception {
    Path dir = env.root().resolve("target/bench-aot");
    Benchmark.deleteRecursively(dir);
    Path serverJar = extract(env.jar(), dir.resolve("server"));
    Path emptyJar = extract(env.emptyAppJar(), dir.resolve("empty"));
    var launches = new ArrayList<Launch>();
    launches.add(new Launch("extracted jars", "extracted", serverJar, List.of(), emptyJar, List.of()));
    Path serverCache = dir.resolve("server.aot");
    Path emptyCache = dir.resolve("empty.aot");
    try (var s = env.startServer("aot-training", serverJar, List.of("-XX:AOTCacheOutput=" + serverCache), List.of())) {
      s.awaitReady(READY_TIMEOUT);
      s.stop(Duration.ofMinutes(5)); // the cache is written as the JVM exits
    }
    try (var e = env.startEmptyApp("aot-training", emptyJar, List.of("-XX:AOTCacheOutput=" + emptyCache))) {
      e.awaitReady(READY_TIMEOUT);
      e.stop(Duration.ofMinutes(5));
    }
    if (!Files.exists(serverCache) || !Files.exists(emptyCache)) {
      report.row("start-up with a JDK AOT cache", "–", "training made no cache (see target/bench-logs/*aot-training*)",
          "–", "<= 1.5", null);
      return launches;
    }
    launches.add(new Launch(
        "extracted jars + JDK AOT cache", "aot",
        serverJar, List.of("-XX:AOTMode=on", "-XX:AOTCache=" + serverCache),
        emptyJar, List.of("-XX:AOTMode=on", "-XX:AOTCache=" + emptyCache)));
    return launches;
  }

  /** Spring Boot's extracted form: {@code dir/<name>.jar} with its libraries in {@code dir/lib}. */
  private Path extract(Path jar, Path dir) throws IOException, InterruptedException {
    var process =
        new ProcessBuilder(
            env.javaHome().resolve("bin/java").toString(), "-Djarmode=tools", "-jar", jar.toString(),
            "extract", "--destination", dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(env.logs().resolve("extract.log").toFile()))
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("could not extract " + jar + "; see " + env.logs().resolve("extract.log"));
    }
    return dir.resolve(jar.getFileName());
  }

  private int javaFeatureVersion() throws IOException {
    var release = Files.readString(env.javaHome().resolve("release"));
    var matcher = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  /** CPU time of the JVM alone (all its threads, JIT compilers included) until it answered. */
  private double cpuSeconds(ServerProcess process) {
    return new CpuMeter(process.pid(), env.dataDir()).sample().serverSeconds();
  }

  private static double medianCpu(List<Run> runs) {
    return median(runs.stream().map(Run::cpuSeconds).toList());
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  private static List<Long> millis(List<Run> runs) {
    return runs.stream().map(r -> r.wall().toMillis()).toList();
  }
}
