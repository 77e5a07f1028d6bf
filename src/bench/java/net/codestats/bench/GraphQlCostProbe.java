package net.codestats.bench;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Expensive GraphQL documents (the review's 16 KB fragment chain, the longest chain allowed, a
 * fragment fan-out, many aliases, many same-named fields, introspection, a token flood), each
 * alone and four at once, while {@code GET /api/users/{name}} is timed alongside. Each request
 * comes from a loopback address of its own (an attacker with many addresses), so the
 * per-address limit does not hide the cost; then one address is checked to get 429.
 */
final class GraphQlCostProbe implements SecurityProbes.Probe {

  /**
   * Server CPU time one document may take (warm), and how much slower than without the attack
   * the slowest concurrent profile read may be (the review saw 8.8 s).
   */
  static final double MAX_CPU_MS_PER_DOCUMENT = 50;

  static final long MAX_EXTRA_READ_MS = 1_000;

  static final String[] SHAPES = {"chain", "fan-out", "aliases", "same-name", "introspection-aliases", "tokens"};

  /** A document of the shape with n repetitions; none is accepted for n of 40 and more. */
  static String costly(String shape, int n, String user) {
    var doc = new StringBuilder();
    switch (shape) {
      case "chain" -> {
        doc.append("query{...f0}");
        for (int i = 0; i < n; i++) {
          doc.append(" fragment f").append(i).append(" on RootQueryType{")
              .append(i + 1 < n ? "...f" + (i + 1) : "__typename").append('}');
        }
      }
      case "fan-out" -> {
        doc.append("{ profile(username: \"").append(user).append("\") { ...f0 } }");
        for (int i = 0; i < n; i++) {
          doc.append(" fragment f").append(i).append(" on Profile { ")
              .append(i + 1 < n ? "...f" + (i + 1) + " ...f" + (i + 1) : "totalXp").append(" }");
        }
      }
      case "aliases" -> {
        doc.append("{ ");
        for (int i = 0; i < n; i++) {
          doc.append("p").append(i).append(": profile(username: \"").append(user).append("\") { totalXp } ");
        }
        doc.append('}');
      }
      case "same-name" -> doc.append("{ ").append("__typename ".repeat(501 + n)).append('}');
      case "introspection-aliases" -> {
        doc.append("{ ");
        for (int i = 0; i < n; i++) {
          doc.append("s").append(i).append(": __schema { types { name fields { name } } } ");
        }
        doc.append('}');
      }
      case "tokens" -> doc.append("{ ").append("x ".repeat(2_001 + n)).append('}');
      default -> throw new IllegalArgumentException(shape);
    }
    return doc.toString();
  }

  /** What an attacker would send, and what the bounds still let through at their edge. */
  private static List<String[]> documents(String user) {
    var docs = new ArrayList<String[]>();
    docs.add(new String[] {"review's 16 KB fragment chain (400 fragments)", costly("chain", 400, user)});
    docs.add(new String[] {"longest chain allowed (32 fragments)", costly("chain", 32, user)});
    docs.add(new String[] {"fragment fan-out (32 fragments, 2^32 once expanded)", costly("fan-out", 32, user)});
    docs.add(new String[] {"300 aliases of a profile", costly("aliases", 300, user)});
    docs.add(new String[] {"495 same-named fields (within the bounds)", "{ " + "__typename ".repeat(495) + "}"});
    docs.add(new String[] {"1,400 same-named fields", costly("same-name", 900, user)});
    docs.add(new String[] {"aliased introspection (40 × __schema)", costly("introspection-aliases", 40, user)});
    docs.add(new String[] {"standard introspection query", IntrospectionText.QUERY});
    docs.add(new String[] {"token flood (8,000 tokens)", costly("tokens", 6_000, user)});
    return docs;
  }

  @Override
  public List<SecurityProbes.Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception {
    List<SecurityProbes.Finding> out = new ArrayList<>();
    String user = dataset.fanoutUser();
    var cpu = new CpuMeter(serverPid(), env.dataDir());
    int rounds = isShort ? 10 : 40;
    int next = 10;
    double worstCpuMs = 0;
    String worstDoc = "";
    long worstReadMs = 0;
    // a fresh server: compile the paths first, then time reads without any GraphQL load
    for (int i = 0; i < 5; i++) {
      for (String[] doc : documents(user)) {
        send(client(next++), env, doc[1]);
      }
    }
    long baselineMs = concurrently(env, null, user, rounds, next);
    long maxReadMs = baselineMs + MAX_EXTRA_READ_MS;
    for (String[] doc : documents(user)) {
      // alone: server CPU per document
      var before = cpu.sample();
      long slowest = 0;
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        var response = send(client(next++), env, doc[1]);
        slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        if (response.statusCode() >= 500 || response.body().contains("INTERNAL_ERROR")) {
          out.add(new SecurityProbes.Finding("GraphQL cost: " + doc[0], false, "status " + response.statusCode()));
        }
      }
      double cpuMs = cpu.sample().minus(before).serverSeconds() * 1000 / rounds;
      // four at once, a profile read timed alongside
      long readMs = concurrently(env, doc[1], user, rounds, next);
      next += 4 * rounds;
      if (cpuMs > worstCpuMs) {
        worstCpuMs = cpuMs;
        worstDoc = doc[0];
      }
      worstReadMs = Math.max(worstReadMs, readMs);
      out.add(new SecurityProbes.Finding(
          "GraphQL cost: " + doc[0],
          cpuMs <= MAX_CPU_MS_PER_DOCUMENT && readMs <= maxReadMs,
          String.format(Locale.ROOT, "%,d bytes; alone %.1f ms server CPU per document (slowest answer %d ms); "
              + "four clients at once: slowest GET /api/users/… %d ms, %d ms without them (bounds %.0f ms CPU, read %d ms)",
              doc[1].getBytes(StandardCharsets.UTF_8).length, cpuMs, slowest, readMs, baselineMs,
              MAX_CPU_MS_PER_DOCUMENT, maxReadMs)));
    }
    out.add(new SecurityProbes.Finding("GraphQL cost: worst document",
        worstCpuMs <= MAX_CPU_MS_PER_DOCUMENT && worstReadMs <= maxReadMs,
        String.format(Locale.ROOT,
            "%s: %.1f ms server CPU per document; slowest concurrent profile read %d ms (%d ms without GraphQL load)",
            worstDoc, worstCpuMs, worstReadMs, baselineMs)));
    out.add(rateLimit(env, user));
    return out;
  }

  /**
   * Four clients send the document {@code rounds} times each (none for a null document: reads
   * for as long as 40 requests take); returns the slowest profile read meanwhile.
   */
  private static long concurrently(BenchEnvironment env, String doc, String user, int rounds, int firstAddress)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      var done = new AtomicBoolean();
      var attackers = new ArrayList<Future<?>>();
      if (doc == null) {
        attackers.add(pool.submit(() -> {
          Thread.sleep(2_000);
          return null;
        }));
      }
      for (int c = 0; c < (doc == null ? 0 : 4); c++) {
        int base = firstAddress + c * rounds;
        attackers.add(pool.submit(() -> {
          for (int i = 0; i < rounds; i++) {
            send(client(base + i), env, doc);
          }
          return null;
        }));
      }
      Future<Long> reads = pool.submit(() -> {
        HttpClient reader = HttpClient.newHttpClient();
        long slowest = 0;
        do {
          long start = System.nanoTime();
          reader.send(HttpRequest.newBuilder(env.uri("/api/users/" + user)).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.discarding());
          slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
          Thread.sleep(20);
        } while (!done.get());
        return slowest;
      });
      for (var attacker : attackers) {
        attacker.get();
      }
      done.set(true);
      return reads.get();
    } finally {
      pool.shutdownNow();
    }
  }

  /** One address beyond the limit: 429 with Retry-After. */
  private static SecurityProbes.Finding rateLimit(BenchEnvironment env, String user) throws Exception {
    HttpClient one = client(250);
    String doc = "{ profile(username: \"" + user + "\") { totalXp } }";
    int served = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 500; i++) {
      last = send(one, env, doc);
      if (last.statusCode() != 200) {
        break;
      }
      served++;
    }
    String retryAfter = last.headers().firstValue("Retry-After").orElse(null);
    boolean ok = last.statusCode() == 429 && retryAfter != null && served >= 300;
    return new SecurityProbes.Finding("GraphQL rate limit per address", ok,
        served + " requests served from one address, then status " + last.statusCode() + " with Retry-After "
            + retryAfter);
  }

  /** A client connecting from 127.0.0.x (x from 10 to 249), each address with its own limit. */
  private static HttpClient client(int n) {
    try {
      int host = 10 + Math.floorMod(n, 240);
      return HttpClient.newBuilder()
          .localAddress(InetAddress.getByName(n == 250 ? "127.0.0.250" : "127.0." + (1 + n / 240 % 200) + "." + host))
          .connectTimeout(Duration.ofSeconds(10))
          .build();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(HttpClient client, BenchEnvironment env, String document) throws Exception {
    return client.send(
        HttpRequest.newBuilder(env.uri("/profile-graph"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(document))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The server is this JVM's child running the packaged jar. */
  private static long serverPid() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().commandLine().orElse("").contains("codestats"))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }

  /** graphql-js getIntrospectionQuery(), the test resource the schema test runs too. */
  private static final class IntrospectionText {
    static final String QUERY = load();

    private static String load() {
      try (var in =
          GraphQlCostProbe.class.getClassLoader().getResourceAsStream("introspection/introspection-query.graphql")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException | NullPointerException e) {
        throw new IllegalStateException("introspection/introspection-query.graphql not on the class path", e);
      }
    }
  }
}
