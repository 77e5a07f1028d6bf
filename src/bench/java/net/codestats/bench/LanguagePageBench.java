package net.codestats.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The heavy user's language page ({@code /users/{heavy}/languages/Java}: a year's calendar,
 * all-time weeks, machines and hours of one language, read from the per-language hourly
 * aggregate) against {@code /api/ping}: {@code bench/run --only=language-page}.
 */
final class LanguagePageBench {

  static final String LANGUAGE = "Java";

  private LanguagePageBench() {}

  static void run(BenchEnvironment env, Options options, Report report, Dataset dataset) throws Exception {
    int clients = options.integer("read-clients", 16, 16);
    Duration warmup = options.duration("read-warmup", Duration.ofSeconds(3), Duration.ofSeconds(10));
    Duration duration = options.duration("read-duration", Duration.ofSeconds(10), Duration.ofSeconds(30));
    // wrk (lean, in C) unless --client=java or wrk is missing, as the other read rows
    boolean wrk = !options.text("client", "wrk").equals("java") && Wrk.available();
    String path = "/users/" + dataset.heavyUser() + "/languages/" + LANGUAGE;
    var answer = HttpLoad.newClient()
        .send(HttpRequest.newBuilder(env.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + answer.statusCode());
    }
    LoadResult reference = load(env, wrk, "/api/ping", clients, warmup, duration);
    report.note(reference.describe());
    LoadResult result = load(env, wrk, path, clients, warmup, duration);
    report.note(result.describe());
    double ratio = result.throughput() / reference.throughput();
    report.row(
        "GET /users/{heavy}/languages/" + LANGUAGE + " (" + clients + " clients): throughput, p50 / p99",
        "%.0f/s, %s / %s, %d errors".formatted(result.throughput(), Report.ms(result.percentileMs(50)),
            Report.ms(result.percentileMs(99)), result.errors()),
        "%.0f/s, %s / %s (GET /api/ping)".formatted(reference.throughput(), Report.ms(reference.percentileMs(50)),
            Report.ms(reference.percentileMs(99))),
        Report.ratio(ratio), "(no target yet; p99 <= 10 ms)",
        result.percentileMs(99) <= 10 && result.errors() == 0);
  }

  private static LoadResult load(BenchEnvironment env, boolean wrk, String path, int clients, Duration warmup,
      Duration duration)
      throws Exception {
    if (wrk) {
      return Wrk.get(env, path, clients, warmup, duration);
    }
    var request = HttpLoad.get(env.uri(path));
    return new HttpLoad("GET " + path, clients, 200, (client, seq) -> request).run(warmup, duration);
  }
}
