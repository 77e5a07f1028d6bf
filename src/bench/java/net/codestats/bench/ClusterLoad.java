package net.codestats.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pulses (each distinct, so that each 201 can be looked up in the database afterwards) and
 * profile reads sent through nginx until stopped; answers that the judge refuses are kept.
 */
final class ClusterLoad {

  /** Whether an answer is acceptable in this part (status -1: no answer, the body is the exception). */
  interface Judge {
    boolean acceptable(int status, String body);
  }

  final Queue<Pulses.Pulse> acknowledged = new ConcurrentLinkedQueue<>();
  /** When each 201 arrived (System.nanoTime) */
  final Queue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
  final Queue<String> refused = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final LoadResult[] results = new LoadResult[2];
  private final Thread[] threads = new Thread[2];

  ClusterLoad(ClusterNodes cluster, Dataset dataset, double pulsesPerSecond, double readsPerSecond, Judge judge) {
    HttpClient client = cluster.newClient();
    var machines = dataset.loadMachines();
    var sent = new ConcurrentHashMap<Long, Pulses.Pulse>();
    var pulses =
        new HttpLoad("pulses", 8, 201, (c, seq) -> {
          var pulse = Pulses.next(machines.get(c % machines.size()).token(), c, seq);
          sent.put(c * 1_000_000_000L + seq, pulse);
          return Pulses.request(cluster.uri("/api/my/pulses"), pulse);
        })
            .client(client)
            .rate(pulsesPerSecond)
            .answers((c, seq, request, status, body) -> {
              var pulse = sent.remove(c * 1_000_000_000L + seq);
              if (status == 201) {
                acknowledged.add(pulse);
                acknowledgedAt.add(System.nanoTime());
              }
              judge(judge, "pulse", status, body);
            });
    var read = HttpLoad.get(cluster.uri("/api/users/" + dataset.fanoutUser()));
    var reads =
        new HttpLoad("profile reads", 2, 200, (c, seq) -> read)
            .client(client)
            .rate(readsPerSecond)
            .answers((c, seq, request, status, body) -> judge(judge, "read", status, body));
    List<HttpLoad> loads = List.of(pulses, reads);
    for (int i = 0; i < 2; i++) {
      int index = i;
      threads[i] = Thread.ofPlatform().start(() -> {
        try {
          results[index] = loads.get(index).run(Duration.ZERO, Duration.ofMinutes(30), stop);
        } catch (InterruptedException ignored) {
          // stopped
        }
      });
    }
  }

  private void judge(Judge judge, String what, int status, String body) {
    if (!judge.acceptable(status, body)) {
      refused.add(what + " " + status + " " + (body.length() > 160 ? body.substring(0, 160) : body));
    }
  }

  /** Only success, or 503 with a JSON error (and nothing changed): what a client may see while a node or the database is gone. */
  static boolean successOr503(int status, String body) {
    return status == 200 || status == 201
        || status == 503 && body.matches("(?s)\\{\\s*\"error\"\\s*:\\s*\"[^\"]{3,}\".*");
  }

  static boolean successOnly(int status, String body) {
    return status == 200 || status == 201;
  }

  /** Stops the load and returns what each half measured (pulses, reads). */
  List<LoadResult> stop() throws InterruptedException {
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    return List.of(results);
  }

  /** Seconds from {@code since} (System.nanoTime) to the first 201 after it; NaN for none. */
  double firstAcknowledgedAfter(long since) {
    return acknowledgedAt.stream().filter(t -> t >= since).mapToLong(Long::longValue).min()
        .stream().mapToDouble(t -> (t - since) / 1e9).findFirst().orElse(Double.NaN);
  }
}
