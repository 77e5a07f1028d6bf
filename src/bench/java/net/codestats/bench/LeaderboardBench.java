package net.codestats.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The leaderboards under load, each as a ratio against {@code GET /api/ping} measured just
 * before: the JSON board (target ≥ 0.5 × the ping, p99 ≤ 10 ms) and the board page. Both
 * read the in-memory snapshot; what they cost is rendering a page of it.
 */
final class LeaderboardBench {

  private final BenchEnvironment env;
  private final Options options;
  private final Report report;

  LeaderboardBench(BenchEnvironment env, Options options, Report report) {
    this.env = env;
    this.options = options;
    this.report = report;
  }

  /** A board path and whether the ping ratio target applies to it. */
  private record Target(String path, boolean targeted) {}

  void run() throws Exception {
    int clients = options.integer("read-clients", 16, 16);
    Duration warmup = options.duration("read-warmup", Duration.ofSeconds(3), Duration.ofSeconds(10));
    Duration duration = options.duration("read-duration", Duration.ofSeconds(10), Duration.ofSeconds(30));
    var targets =
        List.of(
            new Target("/api/leaderboards", true),
            new Target("/api/leaderboards?window=all&language=Java&page=2", true),
            new Target("/leaderboards", false),
            new Target("/leaderboards/Java?window=30d", false));
    for (Target target : targets) {
      // the first view computes the snapshot; the load measures views of it
      var answer = HttpLoad.newClient().send(HttpRequest.newBuilder(env.uri(target.path())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(target.path() + " answered " + answer.statusCode() + ": " + answer.body());
      }
    }
    for (Target target : targets) {
      LoadResult reference = load("/api/ping", clients, warmup, duration);
      LoadResult result = load(target.path(), clients, warmup, duration);
      report.note(reference.describe());
      report.note(result.describe());
      double ratio = result.throughput() / reference.throughput();
      report.row(
          "GET " + target.path() + " (" + clients + " clients): throughput, p50 / p99",
          "%.0f/s, %s / %s, %d errors".formatted(result.throughput(), Report.ms(result.percentileMs(50)),
              Report.ms(result.percentileMs(99)), result.errors()),
          "%.0f/s, %s / %s (GET /api/ping)".formatted(reference.throughput(), Report.ms(reference.percentileMs(50)),
              Report.ms(reference.percentileMs(99))),
          Report.ratio(ratio),
          target.targeted() ? ">= 0.5, p99 <= 10 ms" : "(page: reported)",
          target.targeted() ? ratio >= 0.5 && result.percentileMs(99) <= 10 && result.errors() == 0 : null);
    }
  }

  private LoadResult load(String path, int clients, Duration warmup, Duration duration) throws Exception {
    if (!options.text("client", "wrk").equals("java") && Wrk.available()) {
      return Wrk.get(env, path, clients, warmup, duration);
    }
    var request = HttpLoad.get(env.uri(path));
    return new HttpLoad("GET " + path, clients, 200, (client, seq) -> request).run(warmup, duration);
  }
}
