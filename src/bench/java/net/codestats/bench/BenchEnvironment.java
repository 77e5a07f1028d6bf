package net.codestats.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where things are and how the server is started: the packaged jar in its own JVM, a data
 * directory of its own, fixed ports (the embedded PostgreSQL's too, so that pgbench and the
 * data generator can reach it) and a fixed server secret (so that the tools can derive the
 * machine tokens of the machines they generated).
 */
record BenchEnvironment(
    Path root, Path javaHome, Path jar, Path emptyAppJar, Path dataDir, int port, int pgPort, Path logs) {

  static final String SECRET_KEY = "Y29kZXN0YXRzLWJlbmNobWFyay1zZWNyZXQta2V5LTMyIGJ5dGVz";

  static BenchEnvironment from(Map<String, String> options) throws IOException {
    Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
    Path javaHome = Path.of(options.getOrDefault("java-home", System.getProperty("java.home")));
    Path jar;
    try (var jars = Files.list(root.resolve("target"))) {
      jar =
          jars.filter(p -> p.getFileName().toString().matches("codestats-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no target/codestats-*.jar: build it first"));
    }
    Path emptyApp = root.resolve("bench/empty-app/target/empty-app.jar");
    Path dataDir = Path.of(options.getOrDefault("data", root.resolve("target/bench-data").toString()));
    int port = Integer.parseInt(options.getOrDefault("port", "18080"));
    int pgPort = Integer.parseInt(options.getOrDefault("pg-port", "15432"));
    Path logs = root.resolve("target/bench-logs");
    Files.createDirectories(logs);
    return new BenchEnvironment(root, javaHome, jar, emptyApp, dataDir.toAbsolutePath(), port, pgPort, logs);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
  }

  HikariDataSource dataSource(int poolSize) {
    var ds = new HikariDataSource();
    ds.setJdbcUrl(jdbcUrl());
    ds.setUsername("postgres");
    ds.setMaximumPoolSize(poolSize);
    ds.setConnectionTimeout(10_000);
    return ds;
  }

  List<String> serverArgs(List<String> extra) {
    var args = new ArrayList<String>();
    args.add("--server.port=" + port);
    args.add("--codestats.data-dir=" + dataDir);
    args.add("--codestats.embedded-database.port=" + pgPort);
    args.add("--codestats.secret-key=" + SECRET_KEY);
    args.add("--codestats.public-url=http://127.0.0.1:" + port);
    // the actuator's own port: any free one, so that several servers can run side by side
    args.add("--management.server.port=0");
    // one log line per request would measure the console, not the server
    args.add("--logging.level.net.codestats.requests=WARN");
    // the load clients share few machines: measure the write path, not the per-machine limit
    args.add("--codestats.pulse-rate-limit.burst=100000000");
    args.add("--codestats.pulse-rate-limit.per-second=100000000");
    args.addAll(extra);
    // e.g. BENCH_SERVER_ARGS=--codestats.live.send-linger=100ms to measure a setting
    String more = System.getenv("BENCH_SERVER_ARGS");
    if (more != null && !more.isBlank()) {
      args.addAll(List.of(more.strip().split("\\s+")));
    }
    return args;
  }

  ServerProcess startServer(String label, List<String> extra) throws IOException {
    return startServer(label, jar, List.of(), extra);
  }

  /** The server from another form of the jar (e.g. extracted) and with JVM flags of its own. */
  ServerProcess startServer(String label, Path serverJar, List<String> jvmFlags, List<String> extra)
      throws IOException {
    return ServerProcess.start(
        "server",
        javaHome,
        jvmFlags,
        serverJar,
        serverArgs(extra),
        logs.resolve("server-" + label + ".log"),
        uri("/api/ping"),
        postgresData());
  }

  /** Where the server's embedded PostgreSQL keeps its data (when it runs one). */
  Path postgresData() {
    return dataDir.resolve("postgres");
  }

  /** The start-up reference, an empty Spring Boot app with one endpoint, on the next port. */
  ServerProcess startEmptyApp(String label, Path appJar, List<String> jvmFlags) throws IOException {
    int emptyPort = port + 1;
    return ServerProcess.start(
        "empty app",
        javaHome,
        jvmFlags,
        appJar,
        List.of("--server.port=" + emptyPort),
        logs.resolve("empty-app-" + label + ".log"),
        URI.create("http://127.0.0.1:" + emptyPort + "/ping"));
  }

  ServerProcess startServerAndWait(String label, List<String> extra)
      throws IOException, InterruptedException {
    var server = startServer(label, extra);
    try {
      server.awaitReady(Duration.ofMinutes(5));
    } catch (RuntimeException | InterruptedException e) {
      server.stop();
      throw e;
    }
    return server;
  }
}
