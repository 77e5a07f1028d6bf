package net.codestats.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;

/**
 * How far PostgreSQL's LISTEN/NOTIFY carries the live fan-out across nodes (for {@code
 * docs/scaling.md}): N nodes (3 by default) on the external PostgreSQL; pulses sent to node A
 * at rising rates (100, 300, 1,000, 3,000 per second), a few sockets on the front page (which
 * gets every pulse) on every node. Per step: pulses stored per second, pushes delivered on the
 * other nodes of those expected, their latency against node A's own sockets, each node's CPU
 * per pulse, PostgreSQL's, and the fullest the notification queue got. Steps stop once under
 * 99 % is delivered or p99 passes 1 s. First, PostgreSQL's own NOTIFY ceiling on this machine:
 * one connection sending one message per round trip (as a node does), one sending 50 per
 * statement, and four connections. Run through {@code bench/scaling}.
 */
public final class ClusterScaling {

  static final String CHANNEL = "codestats_scaling";
  /** The size of a pulse's message between nodes (three languages, coordinates). */
  static final String PAYLOAD = "{\"n\":\"9b2f7c1e-4a3d-4e4b-9a57-0d5f3c1b2a77\",\"u\":123456,\"m\":\"laptop\","
      + "\"t\":\"2026-12-02T14:40:12.123456Z\",\"o\":120,\"x\":[[\"Java\",12],[\"SQL\",3],[\"Markdown\",1]],"
      + "\"c\":[60.17,24.94],\"i\":654321}";

  static final int IN_FLIGHT = 64;

  private final Options options;
  private final Report report = new Report();
  private ClusterNodes cluster;
  private Dataset dataset;
  private Path postmasterPid;

  private ClusterScaling(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    var bench = new ClusterScaling(new Options(args));
    String shown = Arrays.stream(args).filter(a -> !a.startsWith("--java-home=")).collect(Collectors.joining(" "));
    boolean ok = false;
    try {
      bench.run();
      ok = true;
    } catch (Exception e) {
      e.printStackTrace();
      bench.report.note("aborted: " + e);
    } finally {
      bench.finish(("bench/scaling " + shown).strip());
    }
    System.exit(ok ? 0 : 1);
  }

  private void run() throws Exception {
    var defaults = new HashMap<>(options.asMap());
    defaults.putIfAbsent("data", Path.of(defaults.getOrDefault("root", ".")).resolve("target/scaling-data").toString());
    var env = BenchEnvironment.from(defaults);
    int nodes = options.integer("nodes", 3, 3);
    try (var postgres = DriverManager.getConnection(ClusterNodes.POSTGRES + "postgres", "postgres", "")) {
      var rs = postgres.createStatement().executeQuery("show data_directory");
      rs.next();
      postmasterPid = Path.of(rs.getString(1), "postmaster.pid");
    }
    if (!options.flag("skip-ceiling")) {
      notifyCeiling();
    }
    cluster = new ClusterNodes(env, options.integer("port", 18160, 18160),
        options.integer("tls-port", 18463, 18463), nodes);
    long started = System.nanoTime();
    cluster.start();
    report.note("%d nodes on %s started in %.0f s (load average %s)".formatted(nodes, cluster.jdbcUrl(),
        (System.nanoTime() - started) / 1e9, Cluster.loadAverage()));
    try (var dataSource = hikari(cluster.jdbcUrl(), 2)) {
      dataset = new DataGenerator(dataSource, new DataGenerator.Options(13, 2, 500, 16)).generate();
    }
    Duration step = options.duration("step", Duration.ofSeconds(10), Duration.ofSeconds(20));
    int sockets = options.integer("sockets", 5, 5);
    String rates = options.text("rates", options.quick() ? "100,1000" : "100,300,1000,3000");
    // fresh nodes compile their hot paths and fill their caches first: not measured
    step(100, options.duration("warm-up", Duration.ofSeconds(10), Duration.ofSeconds(20)), sockets, false,
        new double[nodes]);
    for (String rate : rates.split(",")) {
      if (!step(Integer.parseInt(rate.strip()), step, sockets, true, awaitIdle())) {
        break;
      }
    }
  }

  /**
   * Until no node uses more than a fifth of a core (the last pushes sent, the compiler done), at
   * most a minute; then each node's CPU per second at rest, over 3 s (subtracted from a step's).
   */
  private double[] awaitIdle() throws InterruptedException {
    var meters = cluster.nodes().stream().map(n -> new CpuMeter(postmasterPid, n.pid())).toList();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      var before = meters.stream().map(CpuMeter::sample).toList();
      Thread.sleep(1000);
      boolean idle = true;
      for (int i = 0; i < meters.size(); i++) {
        idle &= meters.get(i).sample().minus(before.get(i)).serverSeconds() < 0.2;
      }
      if (idle) {
        break;
      }
    }
    var before = meters.stream().map(CpuMeter::sample).toList();
    Thread.sleep(3000);
    double[] atRest = new double[meters.size()];
    for (int i = 0; i < meters.size(); i++) {
      atRest[i] = meters.get(i).sample().minus(before.get(i)).serverSeconds() / 3;
    }
    return atRest;
  }

  private void finish(String command) throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (Exception e) {
      report.note("clean-up: " + e);
    }
    report.note("load average at the end " + Cluster.loadAverage());
    System.out.println();
    System.out.println(report.markdown(command));
    report.write(Path.of(options.text("results", "target/scaling-results.md")), command);
  }

  private static HikariDataSource hikari(String url, int size) {
    var ds = new HikariDataSource();
    ds.setJdbcUrl(url);
    ds.setUsername("postgres");
    ds.setMaximumPoolSize(size);
    ds.setConnectionTimeout(10_000);
    return ds;
  }

  // ---- PostgreSQL's own NOTIFY ceiling

  /** NOTIFY per second with three listening connections, in three ways of sending. */
  private void notifyCeiling() throws Exception {
    Duration length = options.duration("ceiling-seconds", Duration.ofSeconds(5), Duration.ofSeconds(10));
    String url = ClusterNodes.POSTGRES + "postgres";
    record Way(String label, int senders, int perStatement) {}
    for (var way : List.of(new Way("one connection, one message per round trip (a node today)", 1, 1),
        new Way("one connection, 50 messages per statement", 1, 50),
        new Way("four connections, one message per round trip", 4, 1))) {
      var listeners = new ArrayList<Connection>();
      var received = new AtomicLong();
      var stop = new AtomicBoolean();
      var threads = new ArrayList<Thread>();
      for (int i = 0; i < 3; i++) {
        Connection listener = DriverManager.getConnection(url, "postgres", "");
        listener.createStatement().execute("listen " + CHANNEL);
        listeners.add(listener);
        threads.add(Thread.ofPlatform().start(() -> drain(listener, received, stop)));
      }
      var sent = new AtomicLong();
      var cpu = new CpuMeter(postmasterPid, -1);
      var before = cpu.sample();
      long started = System.nanoTime();
      long until = started + length.toNanos();
      var senders = new ArrayList<Thread>();
      var failure = new AtomicReference<Exception>();
      for (int i = 0; i < way.senders(); i++) {
        senders.add(Thread.ofPlatform().start(() -> {
          try (Connection sender = DriverManager.getConnection(url, "postgres", "")) {
            var statement = sender.prepareStatement(way.perStatement() == 1
                ? "select pg_notify('" + CHANNEL + "', ?)"
                : "select count(pg_notify('" + CHANNEL + "', m)) from unnest(?::text[]) as t(m)");
            long n = 0;
            while (System.nanoTime() < until) {
              if (way.perStatement() == 1) {
                statement.setString(1, PAYLOAD + (n++));
              } else {
                String[] batch = new String[way.perStatement()];
                for (int k = 0; k < batch.length; k++) {
                  batch[k] = PAYLOAD + (n++);
                }
                statement.setObject(1, batch);
              }
              statement.executeQuery().close();
              sent.addAndGet(way.perStatement());
            }
          } catch (SQLException e) {
            failure.set(e);
          }
        }));
      }
      for (Thread sender : senders) {
        sender.join();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.get() < 3 * sent.get() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      double postgresCpu = cpu.sample().minus(before).postgresSeconds();
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
      for (Connection listener : listeners) {
        listener.close();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      report.row("NOTIFY ceiling: " + way.label(),
          "%,.0f messages/s sent, %,d of %,d received by 3 listeners; PostgreSQL CPU %.1f µs per message"
              .formatted(sent.get() / seconds, received.get(), 3 * sent.get(), postgresCpu * 1e6 / sent.get()),
          "–", "–", "–", null);
    }
    report.note("NOTIFY ceiling measured with a %d-byte payload, %s s per way, load average %s".formatted(
        PAYLOAD.length(), length.toSeconds(), Cluster.loadAverage()));
  }

  private static void drain(Connection listener, AtomicLong received, AtomicBoolean stop) {
    try {
      PGConnection pg = listener.unwrap(PGConnection.class);
      while (!stop.get()) {
        var notifications = pg.getNotifications(200);
        if (notifications != null) {
          received.addAndGet(notifications.length);
        }
      }
    } catch (SQLException e) {
      System.err.println("listener: " + e);
    }
  }

  // ---- the fan-out across nodes

  /** One rate; false when it is the last one worth trying. */
  private boolean step(int rate, Duration length, int socketsPerNode, boolean reported, double[] atRest)
      throws Exception {
    long interval = (long) (1e9 / rate);
    int pulses = (int) (length.toNanos() / interval);
    var nodes = cluster.nodes();
    String origin = "https://127.0.0.1:" + cluster.tlsPort;
    var clients = new ArrayList<WsLoadClient>();
    for (var node : nodes) {
      var client = new WsLoadClient(new InetSocketAddress("127.0.0.1", node.port), LiveFanout.PATH, origin, pulses, 64);
      client.open(java.util.Collections.nCopies(socketsPerNode, "frontpage"));
      clients.add(client);
    }
    for (var client : clients) {
      client.awaitSettled(socketsPerNode, 60_000);
    }
    var meters = new ArrayList<CpuMeter>();
    var cpuBefore = new ArrayList<CpuMeter.Sample>();
    for (var node : nodes) {
      var meter = new CpuMeter(postmasterPid, node.pid());
      meters.add(meter);
      cpuBefore.add(meter.sample());
    }
    var queue = new QueueSampler(cluster.jdbcUrl());
    long walBefore = walPosition();
    var http = HttpLoad.newClient();
    var stored = new AtomicLong();
    var failed = new AtomicLong();
    // at most as many requests in flight as a plugin fleet behind few connections: a node that
    // falls behind gets no more connections (each costs it heap), the pulse is not sent instead
    var inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
    long notSent = 0;
    var pending = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
    URI pulseUri = URI.create("http://" + cluster.a.address() + "/api/my/pulses");
    var machines = dataset.loadMachines();
    long started = System.nanoTime();
    long next = started;
    for (int n = 1; n <= pulses; n++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      next += interval;
      if (!inFlight.tryAcquire()) {
        notSent++;
        continue;
      }
      var pulse = new Pulses.Pulse(machines.get(n % machines.size()).token(), Instant.now().minusSeconds(1),
          List.of(n, 1, 1));
      for (var client : clients) {
        client.markSent(n);
      }
      pending.add(http.sendAsync(Pulses.request(pulseUri, pulse), HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, error) -> {
            inFlight.release();
            if (error == null && response.statusCode() == 201) {
              stored.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          }));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long waitStarted = System.nanoTime();
    for (var answer : pending) {
      try {
        answer.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // counted as failed
      }
    }
    Thread.sleep(3000); // the last pushes' time to arrive
    double measured = seconds + (System.nanoTime() - waitStarted) / 1e9;
    var cpu = new ArrayList<CpuMeter.Sample>();
    for (int i = 0; i < nodes.size(); i++) {
      var used = meters.get(i).sample().minus(cpuBefore.get(i));
      // what the node uses at rest (timers, the compiler) is not the pulses'
      cpu.add(new CpuMeter.Sample(Math.max(0, used.serverSeconds() - atRest[i] * measured), used.postgresSeconds()));
    }
    double maxQueue = queue.stop();
    long walBytes = walPosition() - walBefore;
    for (var client : clients) {
      client.close();
    }
    long ok = stored.get();
    var remote = new Histogram(600_000_000L, 3);
    long remoteExpected = 0;
    long remoteReceived = 0;
    for (int i = 1; i < clients.size(); i++) {
      remote.add(clients.get(i).latency());
      remoteExpected += (long) clients.get(i).joined() * ok;
      remoteReceived += clients.get(i).received();
    }
    var local = clients.getFirst();
    double delivered = remoteExpected == 0 ? 0 : 100.0 * remoteReceived / remoteExpected;
    double remoteP99 = remote.getValueAtPercentile(99) / 1000.0;
    double receiverCpu = 0;
    for (int i = 1; i < nodes.size(); i++) {
      receiverCpu += cpu.get(i).serverSeconds();
    }
    receiverCpu /= nodes.size() - 1;
    boolean kept = delivered >= 99 && remoteP99 <= 1000;
    if (!reported) {
      report.note("warm-up: %,d pulses at %,d/s, %,d stored, load average %s".formatted(pulses, rate, ok,
          Cluster.loadAverage()));
      return kept;
    }
    report.row("%,d pulses/s to node A, %d nodes".formatted(rate, nodes.size()),
        ("stored %,.0f/s (%,d failed, %,d not sent: %d in flight); other nodes: %,d of %,d pushes (%.2f %%), p50 %s / p99 %s; node A's own sockets:"
            + " p50 %s / p99 %s; CPU per pulse: node A %.0f µs, each other node %.0f µs, PostgreSQL %.0f µs;"
            + " WAL %,d bytes per pulse; notification queue at most %.4f %%")
            .formatted(ok / seconds, failed.get(), notSent, IN_FLIGHT, remoteReceived, remoteExpected, delivered,
                Report.ms(remote.getValueAtPercentile(50) / 1000.0), Report.ms(remoteP99),
                Report.ms(local.latency().getValueAtPercentile(50) / 1000.0),
                Report.ms(local.latency().getValueAtPercentile(99) / 1000.0),
                cpu.getFirst().serverSeconds() * 1e6 / Math.max(1, ok), receiverCpu * 1e6 / Math.max(1, ok),
                cpu.getFirst().postgresSeconds() * 1e6 / Math.max(1, ok), walBytes / Math.max(1, ok), maxQueue * 100),
        "–", "–", "≥ 99 % delivered, p99 ≤ 1 s", kept);
    report
        .note("%,d pulses/s: %d sockets per node joined %s; CPU at rest per node %s cores (subtracted); load average %s"
            .formatted(rate, socketsPerNode,
                clients.stream().map(c -> Integer.toString(c.joined())).collect(Collectors.joining("/")),
                Arrays.stream(atRest).mapToObj(c -> "%.2f".formatted(c)).collect(Collectors.joining("/")),
                Cluster.loadAverage()));
    return kept && ok / seconds >= 0.9 * rate;
  }

  /** Bytes of WAL written so far by the whole server (other databases' included: keep it otherwise quiet). */
  private long walPosition() throws SQLException {
    try (var connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
        var rs = connection.createStatement().executeQuery("select pg_current_wal_lsn() - '0/0'::pg_lsn")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The fullest the notification queue got ({@code pg_notification_queue_usage()}, 0 to 1). */
  private static final class QueueSampler {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Double> max = new AtomicReference<>(0.0);
    private final Thread thread;

    QueueSampler(String url) {
      thread = Thread.ofPlatform().daemon().start(() -> {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
          var statement = connection.prepareStatement("select pg_notification_queue_usage()");
          while (!stop.get()) {
            try (var rs = statement.executeQuery()) {
              rs.next();
              double usage = rs.getDouble(1);
              max.accumulateAndGet(usage, Math::max);
            }
            Thread.sleep(200);
          }
        } catch (SQLException | InterruptedException e) {
          System.err.println("queue sampler: " + e);
        }
      });
    }

    double stop() throws InterruptedException {
      stop.set(true);
      thread.join();
      return max.get();
    }
  }
}
