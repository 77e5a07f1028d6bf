package net.codestats.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import net.codestats.deploy.NginxSite;

/**
 * What the cluster test runs: a database of its own on the external PostgreSQL, two nodes or
 * more (the packaged jar, {@code codestats.cluster=true}, one secret), Debian's nginx with the
 * repository's site and a self-signed certificate in front of the first two, and a small control
 * endpoint through which {@code deploy/rolling-restart} restarts a node the way
 * {@code systemctl restart} would (stop gracefully, start, return). {@link #close()} stops
 * everything and drops the database; so does a shutdown hook when the run is interrupted.
 */
final class ClusterNodes implements AutoCloseable {

  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
  /** nginx adds it to every answer: the node (or nodes, when retried) that answered */
  static final String UPSTREAM_HEADER = "X-Upstream";

  /** One app node; its process changes on each restart. */
  final class Node {
    final String name;
    final int port;
    private ServerProcess process;
    private int starts;

    Node(String name, int port) {
      this.name = name;
      this.port = port;
    }

    String address() {
      return "127.0.0.1:" + port;
    }

    synchronized void start() throws IOException {
      starts++;
      Path data = work.resolve("node-" + name);
      Files.createDirectories(data);
      var args = List.of(
          "--server.port=" + port,
          "--codestats.data-dir=" + data,
          "--codestats.cluster=true",
          "--codestats.secret-key=" + BenchEnvironment.SECRET_KEY,
          "--codestats.public-url=https://127.0.0.1:" + tlsPort,
          "--spring.datasource.url=" + jdbcUrl(),
          "--spring.datasource.username=postgres",
          "--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
          "--management.server.port=0",
          "--logging.level.net.codestats.requests=WARN",
          // the load clients share few machines: the per-machine limit is not under test
          "--codestats.pulse-rate-limit.burst=100000000",
          "--codestats.pulse-rate-limit.per-second=100000000");
      process = ServerProcess.start("node " + name, env.javaHome(), List.of(), env.jar(), args,
          env.logs().resolve("cluster-node-" + name + "-" + starts + ".log"),
          URI.create("http://" + address() + "/readyz"), null);
    }

    void awaitReady() throws InterruptedException {
      process.awaitReady(Duration.ofMinutes(4));
    }

    /** SIGTERM and the graceful shutdown (as systemd stops a unit). */
    synchronized void stop() throws InterruptedException {
      if (process != null) {
        process.stop(Duration.ofSeconds(75));
      }
    }

    synchronized void kill() throws InterruptedException {
      process.kill();
    }

    synchronized long pid() {
      return process == null ? -1 : process.pid();
    }

    synchronized boolean isAlive() {
      return process != null && process.isAlive();
    }

    synchronized void restart() throws IOException, InterruptedException {
      stop();
      start();
    }
  }

  final BenchEnvironment env;
  final Path work;
  final int tlsPort;
  final String database = "codestats_e2e_" + ProcessHandle.current().pid();
  final Node a;
  final Node b;
  private final List<Node> nodes;
  private final int httpPort;
  private final int controlPort;
  private Process nginx;
  private HttpServer control;
  private SSLContext tls;
  private boolean databaseCreated;
  private final Thread shutdownHook;

  ClusterNodes(BenchEnvironment env, int firstPort, int tlsPort) {
    this(env, firstPort, tlsPort, 2);
  }

  /** Nodes on {@code firstPort} and the next ones; nginx's plain HTTP port after them, the control on +9. */
  ClusterNodes(BenchEnvironment env, int firstPort, int tlsPort, int nodeCount) {
    if (nodeCount < 2 || nodeCount > 8) {
      throw new IllegalArgumentException("2 to 8 nodes, not " + nodeCount);
    }
    this.env = env;
    this.work = env.dataDir();
    this.tlsPort = tlsPort;
    var all = new ArrayList<Node>();
    for (int i = 0; i < nodeCount; i++) {
      all.add(new Node(String.valueOf((char) ('a' + i)), firstPort + i));
    }
    this.nodes = List.copyOf(all);
    this.a = nodes.get(0);
    this.b = nodes.get(1);
    this.httpPort = firstPort + nodeCount;
    this.controlPort = firstPort + 9;
    this.shutdownHook = Thread.ofPlatform().unstarted(this::quietClose);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  List<Node> nodes() {
    return nodes;
  }

  Node byPort(int port) {
    return nodes().stream().filter(n -> n.port == port).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on " + port));
  }

  String jdbcUrl() {
    return POSTGRES + database;
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + tlsPort + path);
  }

  SSLContext tls() {
    return tls;
  }

  /** HTTP/1.1 over TLS to nginx, one connection per concurrent request, as {@link HttpLoad} uses. */
  HttpClient newClient() {
    return HttpClient.newBuilder()
        .sslContext(tls)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  Path accessLog() {
    return work.resolve("nginx/access.log");
  }

  Path errorLog() {
    return work.resolve("nginx/error.log");
  }

  /** The URL that deploy/rolling-restart posts to, {port} replaced by the node's port. */
  String restartCommand() {
    return "curl -fsS -X POST http://127.0.0.1:" + controlPort + "/restart/{port}";
  }

  void start() throws Exception {
    Benchmark.deleteRecursively(work);
    Path nginxDir = Files.createDirectories(work.resolve("nginx"));
    try (var postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
      postgres.createStatement().execute("create database " + database);
      databaseCreated = true;
    }
    NginxSite.makeCertificate(nginxDir);
    tls = NginxSite.trusting(nginxDir);
    a.start(); // alone first: it migrates the new database
    a.awaitReady();
    for (Node node : nodes.subList(1, nodes.size())) {
      node.start();
    }
    for (Node node : nodes.subList(1, nodes.size())) {
      node.awaitReady();
    }
    String site = NginxSite.site(nginxDir, a.port, b.port, httpPort, tlsPort,
        "add_header " + UPSTREAM_HEADER + " $upstream_addr always;");
    nginx = NginxSite.start(nginxDir, site, tlsPort);
    control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 8);
    control.createContext("/restart/", exchange -> {
      String answer;
      int status;
      try {
        byPort(Integer.parseInt(exchange.getRequestURI().getPath().substring("/restart/".length()))).restart();
        status = 200;
        answer = "restarted\n";
      } catch (Exception e) {
        status = 500;
        answer = e + "\n";
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    control.start();
  }

  /** Runs deploy/rolling-restart over both nodes through the control endpoint; its output goes to a log. */
  int rollingRestart(Path log) throws IOException, InterruptedException {
    var command = new ProcessBuilder(env.root().resolve("deploy/rolling-restart").toString(),
        Integer.toString(a.port), Integer.toString(b.port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    command.environment().put("CODESTATS_RESTART_COMMAND", restartCommand());
    Process script = command.start();
    if (!script.waitFor(10, TimeUnit.MINUTES)) {
      script.destroyForcibly();
      return -1;
    }
    return script.exitValue();
  }

  private void quietClose() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("cluster clean-up: " + e);
    }
  }

  @Override
  public synchronized void close() throws InterruptedException, SQLException {
    if (control != null) {
      control.stop(0);
      control = null;
    }
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
      nginx = null;
    }
    var problems = new ArrayList<String>();
    for (Node node : nodes()) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        problems.add(e.toString());
      }
    }
    if (databaseCreated) {
      try (var postgres = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
        postgres.createStatement().execute("drop database if exists " + database + " with (force)");
        databaseCreated = false;
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // this is the hook
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
  }
}
