package net.codestats.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop HTTP load: each client sends its next request when the previous one answered,
 * over its own keep-alive connection, optionally paced to a total rate. Latency is recorded
 * per request (microseconds, HdrHistogram) after the warm-up.
 */
final class HttpLoad {

  /** Builds one client's next request; {@code sequence} counts that client's requests. */
  interface Requests {
    HttpRequest next(int client, long sequence);
  }

  /** Sees each answer (e.g. to remember which pulses were acknowledged). */
  interface Answers {
    void answered(int client, long sequence, HttpRequest request, int status, String body);
  }

  private final String name;
  private final int clients;
  private final Requests requests;
  private final int expectedStatus;
  private Answers answers = (client, sequence, request, status, body) -> {};
  private double ratePerSecond = 0;
  private HttpClient client;

  HttpLoad(String name, int clients, int expectedStatus, Requests requests) {
    this.name = name;
    this.clients = clients;
    this.expectedStatus = expectedStatus;
    this.requests = requests;
  }

  HttpLoad answers(Answers answers) {
    this.answers = answers;
    return this;
  }

  /** Paces the clients to about this many requests per second in total (0: as fast as possible). */
  HttpLoad rate(double perSecond) {
    this.ratePerSecond = perSecond;
    return this;
  }

  /** Sends through this client (e.g. one for HTTPS) instead of a new plain one per run. */
  HttpLoad client(HttpClient client) {
    this.client = client;
    return this;
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  LoadResult run(Duration warmup, Duration duration) throws InterruptedException {
    return run(warmup, duration, new AtomicBoolean(false));
  }

  /** Runs for warm-up plus duration, or until {@code stop} is set. */
  LoadResult run(Duration warmup, Duration duration, AtomicBoolean stop) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    var ok = new LongAdder();
    var errors = new LongAdder();
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    var histograms = new ArrayList<Histogram>();
    var threads = new ArrayList<Thread>();
    // one shared client: it keeps one keep-alive connection per concurrent request
    HttpClient http = client != null ? client : newClient();
    for (int c = 0; c < clients; c++) {
      int client = c;
      var histogram = new Histogram(60_000_000L, 3);
      histograms.add(histogram);
      threads.add(
          Thread.ofPlatform()
              .name(name + "-" + c)
              .start(
                  () -> {
                    long interval = ratePerSecond > 0 ? (long) (1e9 * clients / ratePerSecond) : 0;
                    long nextAt = System.nanoTime() + (interval > 0 ? (long) (Math.random() * interval) : 0);
                    for (long seq = 0; !stop.get(); seq++) {
                      if (interval > 0) {
                        long wait = nextAt - System.nanoTime();
                        if (wait > 0) {
                          try {
                            Thread.sleep(Duration.ofNanos(wait));
                          } catch (InterruptedException e) {
                            return;
                          }
                        }
                        nextAt += interval;
                      }
                      long sentAt = System.nanoTime();
                      if (sentAt >= end) {
                        return;
                      }
                      HttpRequest request = requests.next(client, seq);
                      String outcome;
                      try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        answers.answered(client, seq, request, response.statusCode(), response.body());
                        outcome = Integer.toString(response.statusCode());
                        if (response.statusCode() != expectedStatus) {
                          outcome += " " + abbreviate(response.body());
                        }
                        if (sentAt >= measureFrom) {
                          if (response.statusCode() == expectedStatus) {
                            ok.increment();
                          } else {
                            errors.increment();
                          }
                        }
                      } catch (IOException e) {
                        outcome = e.getClass().getSimpleName();
                        answers.answered(client, seq, request, -1, e.toString());
                        if (sentAt >= measureFrom) {
                          errors.increment();
                        }
                      } catch (InterruptedException e) {
                        return;
                      }
                      long done = System.nanoTime();
                      if (sentAt >= measureFrom && done <= end) {
                        histogram.recordValue(Math.min((done - sentAt) / 1000, 60_000_000L));
                      }
                      outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = Math.max(1e-9, Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
    var latency = new Histogram(60_000_000L, 3);
    histograms.forEach(latency::add);
    Map<String, Long> counted = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> counted.put(k, v.sum()));
    return new LoadResult(name, ok.sum(), errors.sum(), counted, seconds, latency);
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
    return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
  }

  static List<String> describeAll(List<LoadResult> results) {
    return results.stream().map(LoadResult::describe).toList();
  }
}
