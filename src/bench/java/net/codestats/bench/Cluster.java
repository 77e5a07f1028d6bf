package net.codestats.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.codestats.support.WebSession;

/**
 * The end-to-end test of several nodes: Debian's nginx with the repository's site over HTTPS in
 * front of two nodes on the external PostgreSQL (see {@link ClusterNodes}); log-ins across
 * nodes, the shared log-in limit, a live push across nodes, a rolling restart, a node killed
 * and PostgreSQL restarted under load. Exits non-zero when any check fails. Run through
 * {@code bench/cluster} ({@code --short} for CI).
 */
public final class Cluster {

  static final String PASSWORD = "correct horse battery e2e";
  /** README "Security": failed log-ins per account and client before 429 */
  static final int LOGIN_FAILURES_PER_CLIENT = 10;

  private final Options options;
  private final Report report = new Report();
  private final List<String> failures = new ArrayList<>();
  private ClusterNodes cluster;
  private Dataset dataset;
  private String username;

  private Cluster(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    var test = new Cluster(new Options(args));
    long started = System.nanoTime();
    String shown = Arrays.stream(args).filter(a -> !a.startsWith("--java-home=")).collect(Collectors.joining(" "));
    try {
      test.run();
    } catch (Exception | AssertionError e) {
      test.failures.add("aborted: " + e);
      e.printStackTrace();
    } finally {
      test.finish(("bench/cluster " + shown).strip(), started);
    }
    System.exit(test.failures.isEmpty() ? 0 : 1);
  }

  private boolean selected(String part) {
    String only = options.text("only", "");
    return only.isBlank() || List.of(only.split(",")).contains(part);
  }

  private void run() throws Exception {
    var defaults = new HashMap<>(options.asMap());
    defaults.putIfAbsent("data", Path.of(defaults.getOrDefault("root", ".")).resolve("target/cluster-data").toString());
    var env = BenchEnvironment.from(defaults);
    cluster = new ClusterNodes(env, options.integer("port", 18140, 18140), options.integer("tls-port", 18443, 18443));
    long started = System.nanoTime();
    cluster.start();
    report.note("two nodes on %s and nginx on %d started in %.0f s (load average %s)".formatted(
        cluster.jdbcUrl(), cluster.tlsPort, (System.nanoTime() - started) / 1e9, loadAverage()));
    try (var dataSource = hikari()) {
      dataset = new DataGenerator(dataSource, new DataGenerator.Options(13, 2, 500, 16)).generate();
    }
    username = "e2e-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    var signUp = browser(null).submit("/signup", "#signup-form",
        Map.of("username", username, "password", PASSWORD, "old_enough", "on", "terms_read", "on"));
    if (signUp.statusCode() != 302) {
      throw new IllegalStateException("sign-up through nginx answered " + signUp.statusCode());
    }
    if (selected("sessions")) {
      sessions();
    }
    if (selected("limits")) {
      loginLimit();
    }
    if (selected("live")) {
      livePush();
    }
    if (selected("rolling")) {
      rollingDeploy();
    }
    if (selected("kill")) {
      nodeKilled();
    }
    if (selected("pg-restart")) {
      postgresRestart();
    }
  }

  private void finish(String command, long started) throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (Exception e) {
      failures.add("clean-up: " + e);
    }
    report.note("run time %.0f s, load average %s".formatted((System.nanoTime() - started) / 1e9, loadAverage()));
    System.out.println();
    System.out.println(report.markdown(command));
    Path results = Path.of(options.text("results", "target/cluster-results.md"));
    report.write(results, command);
    System.out
        .println(failures.isEmpty() ? "All cluster checks passed." : "FAILED:\n  " + String.join("\n  ", failures));
  }

  private com.zaxxer.hikari.HikariDataSource hikari() {
    var ds = new com.zaxxer.hikari.HikariDataSource();
    ds.setJdbcUrl(cluster.jdbcUrl());
    ds.setUsername("postgres");
    ds.setMaximumPoolSize(2);
    ds.setConnectionTimeout(10_000);
    return ds;
  }

  private WebSession browser(InetAddress from) {
    return new WebSession(cluster.uri("/"), cluster.tls(), from);
  }

  private void check(String what, boolean ok, String detail) {
    report.row(what, detail, "–", "–", "–", ok);
    if (!ok) {
      failures.add(what + ": " + detail);
    }
  }

  static String upstream(HttpResponse<?> response) {
    return response.headers().firstValue(ClusterNodes.UPSTREAM_HEADER).orElse("?");
  }

  /** {@code count} GETs of a page only a logged-in user sees: the status and node of each. */
  private List<String> loggedInPage(WebSession web, int count) {
    var answers = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      var response = web.get("/my/preferences");
      answers.add(response.statusCode() + "@" + upstream(response));
    }
    return answers;
  }

  private static boolean allOnBothNodes(List<String> answers, String status) {
    return answers.stream().allMatch(a -> a.startsWith(status + "@"))
        && answers.stream().map(a -> a.substring(a.indexOf('@') + 1)).distinct().count() == 2;
  }

  /** a) a log-in holds on both nodes; a remembered one survives both restarting; log-out ends it everywhere. */
  private void sessions() throws Exception {
    var web = browser(null);
    var login = web.login(username, PASSWORD);
    String landing = login.headers().firstValue("Location").orElse("");
    var answers = loggedInPage(web, 4);
    check("log-in: the next requests, on both nodes, are logged in",
        login.statusCode() == 302 && landing.endsWith("/my/profile") && allOnBothNodes(answers, "200"),
        "log-in on %s answered %d to %s; then /my/preferences: %s".formatted(upstream(login), login.statusCode(),
            landing, answers));

    var remembered = browser(null);
    var rememberedLogin = remembered.submit("/login", "#login-form",
        Map.of("username", username, "password", PASSWORD, "remember-me", "on"));
    boolean hasCookie = remembered.cookie("remember-me").isPresent();
    long started = System.nanoTime();
    for (var node : cluster.nodes()) {
      node.stop();
    }
    for (var node : cluster.nodes()) {
      node.start();
    }
    for (var node : cluster.nodes()) {
      node.awaitReady();
    }
    double restart = (System.nanoTime() - started) / 1e9;
    // the browser was closed meanwhile too: only the remembered log-in is left
    remembered.forgetCookie("JSESSIONID");
    remembered.forgetCookie("SESSION");
    var afterRestart = loggedInPage(remembered, 4);
    check("remembered log-in: survives both nodes restarting",
        rememberedLogin.statusCode() == 302 && hasCookie && allOnBothNodes(afterRestart, "200"),
        "log-in with remember-me answered %d (cookie %s); both nodes stopped and started (%.0f s); then %s"
            .formatted(rememberedLogin.statusCode(), hasCookie ? "set" : "missing", restart, afterRestart));

    // what the browser holds just before logging out, replayed afterwards on both nodes
    String cookies = remembered.cookie("remember-me").map(c -> "remember-me=" + c.getValue()).orElse("");
    for (String name : List.of("JSESSIONID", "SESSION")) {
      var session = remembered.cookie(name);
      if (session.isPresent()) {
        cookies += "; " + name + "=" + session.get().getValue();
      }
    }
    var logout = remembered.submit("/my/preferences", "form[action=/logout]", Map.of());
    var replayer = browser(null);
    var replayed = new ArrayList<String>();
    for (int i = 0; i < 4; i++) {
      var response = replayer.send(HttpRequest.newBuilder(cluster.uri("/my/preferences"))
          .header("Cookie", cookies).header("Accept", "text/html").timeout(Duration.ofSeconds(20)).GET().build());
      replayed.add(response.statusCode() + "@" + upstream(response));
    }
    check("log-out: ends the log-in on every node", logout.statusCode() == 302 && allOnBothNodes(replayed, "302"),
        "log-out on %s answered %d; the cookies from before it, replayed: %s (302: to the log-in page)"
            .formatted(upstream(logout), logout.statusCode(), replayed));
  }

  /** b) failed log-ins spread over both nodes count against one limit. */
  private void loginLimit() throws Exception {
    // a client of its own (nginx forwards its address), so that 127.0.0.1's budget is not spent
    var web = browser(InetAddress.getByName("127.0.0.77"));
    String csrf = web.csrfToken("/login");
    var nodes = new TreeMap<String, Integer>();
    int first429 = -1;
    for (int attempt = 1; attempt <= 3 * LOGIN_FAILURES_PER_CLIENT - 5 && first429 < 0; attempt++) {
      var response = web.post("/login", Map.of("_csrf", csrf, "username", username, "password", "wrong " + attempt));
      if (response.statusCode() == 429) {
        first429 = attempt;
      } else {
        nodes.merge(upstream(response), 1, Integer::sum);
      }
    }
    check("log-in limit: one limit across both nodes",
        first429 == LOGIN_FAILURES_PER_CLIENT + 1 && nodes.size() == 2,
        "failed log-ins for one account from one address: the first 429 came at attempt %s (the limit is %d in all);"
            .formatted(first429 < 0 ? "none" : first429, LOGIN_FAILURES_PER_CLIENT)
            + " the failures before it per node " + nodes);
  }

  /** c) a socket upgraded on node A gets a pulse that node B stored. */
  private void livePush() throws Exception {
    String topic = "users:" + dataset.fanoutUser();
    RawWebSocket socket = null;
    int attempts = 0;
    var landed = new ArrayList<String>();
    while (socket == null && attempts++ < 10) {
      var candidate = ClusterSockets.open(cluster.tls(), cluster.tlsPort, attempts);
      landed.add(candidate.status() + "@" + ClusterSockets.upstream(candidate.responseHead()).orElse("?"));
      if (candidate.status() == 101
          && ClusterSockets.upstream(candidate.responseHead()).orElse("").equals(cluster.a.address())) {
        socket = candidate;
      } else {
        candidate.close();
      }
    }
    if (socket == null) {
      check("live push across nodes", false, "no upgrade through nginx landed on node A in 10 attempts: " + landed);
      return;
    }
    try (var pinned = socket) {
      boolean joined = ClusterSockets.join(pinned, topic);
      var client = cluster.newClient();
      HttpResponse<String> stored = null;
      Pulses.Pulse pulse = null;
      for (int i = 0; i < 10 && (stored == null || !upstream(stored).equals(cluster.b.address())); i++) {
        pulse = Pulses.next(dataset.fanoutToken(), 77, 1000 + i);
        stored =
            client.send(Pulses.request(cluster.uri("/api/my/pulses"), pulse), HttpResponse.BodyHandlers.ofString());
      }
      long sentAt = System.nanoTime();
      String push = null;
      while (push == null && System.nanoTime() - sentAt < TimeUnit.SECONDS.toNanos(10)) {
        var frame = pinned.read(Duration.ofMillis(500));
        if (frame != null && frame.text().contains("\"new_pulse\"")) {
          push = frame.text();
        }
      }
      boolean onB = stored != null && stored.statusCode() == 201 && upstream(stored).equals(cluster.b.address());
      check("live push across nodes: a socket on node A gets a pulse stored by node B",
          joined && onB && push != null && push.contains("\"amount\":" + pulse.xps().getFirst()),
          "socket upgraded on %s (attempt %d), joined %s: %s; pulse answered %s by %s; push %s".formatted(
              cluster.a.address(), attempts, topic, joined ? "ok" : "refused",
              stored == null ? "nothing" : stored.statusCode(), stored == null ? "–" : upstream(stored),
              push == null
                  ? "not received within 10 s"
                  : "received after %.0f ms".formatted((System.nanoTime() - sentAt) / 1e6)));
    }
  }

  /** d) deploy/rolling-restart under load: no failed request, every 201 stored, sockets back. */
  private void rollingDeploy() throws Exception {
    int socketCount = options.integer("sockets", 4, 8);
    long logFrom = nowMillis();
    try (var sockets = new ClusterSockets(cluster.tls(), cluster.tlsPort, "users:" + dataset.fanoutUser(),
        socketCount)) {
      boolean joined = sockets.awaitJoined(Duration.ofSeconds(30));
      var load = new ClusterLoad(cluster, dataset, options.integer("pulse-rate", 60, 120), 20,
          ClusterLoad::successOnly);
      Thread.sleep(options.duration("warm-up", Duration.ofSeconds(3), Duration.ofSeconds(10)).toMillis());
      long started = System.nanoTime();
      Path log = cluster.env.logs().resolve("cluster-rolling-restart.log");
      int exit = cluster.rollingRestart(log);
      double took = (System.nanoTime() - started) / 1e9;
      Thread.sleep(options.duration("after", Duration.ofSeconds(3), Duration.ofSeconds(10)).toMillis());
      var results = load.stop();
      check("rolling restart: deploy/rolling-restart restarts both nodes", exit == 0,
          "exit %d after %.0f s: %s".formatted(exit, took,
              Files.readString(log).strip().replace("\n", "; ")));
      judgeAnswers("rolling restart", load, results, "no failed request (only 201 and 200)");
      report.note("rolling restart, as nginx saw it: " + NginxLog.summary(cluster.accessLog(), logFrom));
      verifyStored("rolling restart", load.acknowledged);
      boolean back = sockets.awaitJoined(Duration.ofSeconds(30));
      var pulse = Pulses.next(dataset.fanoutToken(), 78, 1);
      var stored = cluster.newClient()
          .send(Pulses.request(cluster.uri("/api/my/pulses"), pulse), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      var reconnections = new ArrayList<Integer>();
      int received = 0;
      for (var subscriber : sockets.subscribers()) {
        reconnections.add(subscriber.reconnections.get());
        String push;
        do {
          push = subscriber.pushes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (push != null && !push.contains("\"amount\":" + pulse.xps().getFirst()));
        received += push != null ? 1 : 0;
      }
      check("rolling restart: live sockets reconnect and rejoin by themselves",
          joined && back && received == socketCount && reconnections.stream().allMatch(r -> r >= 1),
          "%d sockets through nginx, reconnections per socket %s, nodes per socket %s; after the deploy %d of %d got a new pulse (answered %d)"
              .formatted(socketCount, reconnections,
                  sockets.subscribers().stream().map(s -> s.nodes.toString()).toList(), received, socketCount,
                  stored.statusCode()));
    }
  }

  /** e) SIGKILL one node under load: only 201 or 503, every 201 stored, the survivor carries the load. */
  private void nodeKilled() throws Exception {
    int rate = options.integer("pulse-rate", 60, 120);
    var load = new ClusterLoad(cluster, dataset, rate, 20, ClusterLoad::successOr503);
    Thread.sleep(3000);
    cluster.b.kill();
    long killedAt = nowMillis();
    Thread.sleep(options.duration("kill-load", Duration.ofSeconds(8), Duration.ofSeconds(20)).toMillis());
    var results = load.stop();
    long until = nowMillis();
    judgeAnswers("node killed", load, results, "only 201, 200 or 503 with a JSON error");
    verifyStored("node killed", load.acknowledged);
    // from a second after the kill (requests in flight then may still name the dead node)
    var afterKill = NginxLog.entries(cluster.accessLog(), killedAt + 1000, until);
    long pulses = afterKill.stream().filter(e -> e.path().equals("/api/my/pulses") && e.status() == 201).count();
    long bySurvivor = afterKill.stream()
        .filter(
            e -> e.path().equals("/api/my/pulses") && e.status() == 201 && e.finalNode().equals(cluster.a.address()))
        .count();
    double seconds = (until - killedAt - 1000) / 1000.0;
    check("node killed: the survivor carries the load", pulses == bySurvivor && pulses / seconds >= 0.8 * rate,
        "after the kill %d pulses stored in %.1f s (%.0f/s, paced at %d/s), %d of them by %s; %s".formatted(pulses,
            seconds, pulses / seconds, rate, bySurvivor, cluster.a.address(),
            NginxLog.summary(cluster.accessLog(), killedAt)));
    cluster.b.start();
    cluster.b.awaitReady();
  }

  /** f) the external PostgreSQL stopped and started under load: 503 + JSON meanwhile, recovery without restarts. */
  private void postgresRestart() throws Exception {
    Duration downtime = options.duration("pg-downtime", Duration.ofSeconds(3), Duration.ofSeconds(8));
    var pg = new ExternalPostgres(options.text("pg-cluster", ""));
    var load = new ClusterLoad(cluster, dataset, options.integer("pulse-rate", 60, 120), 20,
        ClusterLoad::successOr503);
    long restartedAt;
    long logFrom = nowMillis();
    try {
      Thread.sleep(3000);
      pg.stop();
      Thread.sleep(downtime.toMillis());
    } finally {
      pg.start();
      restartedAt = System.nanoTime();
    }
    Thread.sleep(options.duration("pg-after", Duration.ofSeconds(10), Duration.ofSeconds(15)).toMillis());
    var results = load.stop();
    judgeAnswers("PostgreSQL restart", load, results, "only 201, 200 or 503 with a JSON error");
    double recovery = load.firstAcknowledgedAfter(restartedAt);
    check("PostgreSQL restart: recovery without restarting the nodes",
        recovery >= 0 && recovery < 10 && cluster.a.isAlive() && cluster.b.isAlive(),
        "%s down for %d s; first 201 %.1f s after it was back; %s".formatted(pg, downtime.toSeconds(), recovery,
            NginxLog.summary(cluster.accessLog(), logFrom)));
    verifyStored("PostgreSQL restart", load.acknowledged);
  }

  private void judgeAnswers(String part, ClusterLoad load, List<LoadResult> results, String rule) {
    for (LoadResult r : results) {
      check(part + ": " + r.name() + " answers",
          load.refused.isEmpty() && r.latency().getMaxValue() < 10_000_000,
          "%s: answers %s, slowest %.1f s".formatted(rule, r.outcomes(), r.latency().getMaxValue() / 1e6));
    }
    if (!load.refused.isEmpty()) {
      failures.add(part + ", refused answers: " + load.refused.stream().distinct().limit(10).toList());
    }
  }

  private void verifyStored(String part, Queue<Pulses.Pulse> acknowledged) {
    try (var dataSource = hikari()) {
      var verification = new Verification(dataSource);
      var missing = verification.acknowledgedPulsesStored(dataset, acknowledged);
      long halves = verification.pulsesWithoutXp();
      check(part + ": every 201 stored whole, once", missing.isEmpty() && halves == 0,
          (missing.isEmpty()
              ? acknowledged.size() + " acknowledged pulses all in the database with all XP"
              : missing.toString()) + "; pulses without XP: " + halves);
    }
  }

  static long nowMillis() {
    return System.currentTimeMillis();
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
