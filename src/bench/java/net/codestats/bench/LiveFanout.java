package net.codestats.bench;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Live fan-out: many WebSocket subscribers (Phoenix Channels v2 frames, all in one
 * {@link WsLoadClient}) join their topics; pulses are sent at a fixed rate; each subscriber's
 * receive time minus the pulse's send time is recorded. Pulses are told apart by their first
 * XP amount, unique per pulse.
 *
 * <p>Two scenarios: {@link #singleTopic} (every subscriber on one user's profile topic, every
 * pulse by that user: subscribers × rate messages per second) and {@link #mixed} (subscribers
 * spread over many users' profile topics plus a share on the front page, pulses spread over
 * those users), which is closer to the real site.
 */
final class LiveFanout {

  static final String PATH = "/live_update_socket/websocket?vsn=2.0.0";

  /** Who subscribes to what, and as whom the pulses are sent (round robin). */
  record Scenario(String label, List<String> topics, List<Sender> senders) {}

  /** A user pulses can be sent as: their topic and a machine token. */
  record Sender(String username, String token) {}

  record Result(
      boolean available, String label, String note, int subscribers, int joined, long pulses, long pulsesFailed,
      long expected, long received, Histogram latency, double serverCpuSeconds, double clientCpuSeconds,
      double seconds) {
    double percentileMs(double p) {
      return latency == null || latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1000.0;
    }

    double expectedPerSecond() {
      return expected / seconds;
    }
  }

  private LiveFanout() {}

  /** Every subscriber on one public user's profile topic; every pulse is that user's. */
  static Scenario singleTopic(Dataset dataset, int subscribers) {
    var topics = new ArrayList<String>(subscribers);
    for (int i = 0; i < subscribers; i++) {
      topics.add("users:" + dataset.fanoutUser());
    }
    return new Scenario(
        "one profile topic", topics, List.of(new Sender(dataset.fanoutUser(), dataset.fanoutToken())));
  }

  /**
   * A share of the subscribers on {@code frontpage} (which gets every pulse), the rest spread
   * evenly over the load users' profile topics; pulses round robin over those users.
   */
  static Scenario mixed(Dataset dataset, int subscribers, double frontpageShare) {
    var senders = new ArrayList<Sender>();
    for (int i = 0; i < dataset.loadMachines().size(); i++) {
      senders.add(new Sender(DataGenerator.loadUser(i), dataset.loadMachines().get(i).token()));
    }
    int front = (int) Math.round(subscribers * frontpageShare);
    var topics = new ArrayList<String>(subscribers);
    for (int i = 0; i < subscribers; i++) {
      topics.add(i < front ? "frontpage" : "users:" + senders.get(i % senders.size()).username());
    }
    return new Scenario(
        "mixed: %d on frontpage, %d over %d profile topics".formatted(front, subscribers - front, senders.size()),
        topics, senders);
  }

  static Result run(
      BenchEnvironment env, ServerProcess server, Scenario scenario, double pulsesPerSecond, Duration duration)
      throws Exception {
    long interval = (long) (1e9 / pulsesPerSecond);
    int pulses = (int) (duration.toNanos() / interval);
    int subscribers = scenario.topics().size();
    var client =
        new WsLoadClient(
            new InetSocketAddress("127.0.0.1", env.port()), PATH, "http://127.0.0.1:" + env.port(), pulses, 256);
    long opening = System.nanoTime();
    client.open(scenario.topics());
    client.awaitSettled(subscribers, 180_000);
    double openSeconds = (System.nanoTime() - opening) / 1e9;
    Map<String, Integer> joinedByTopic = Map.copyOf(client.joinedByTopic());
    int joined = client.joined();
    String opened =
        "%d of %d joined in %.1f s".formatted(joined, subscribers, openSeconds);
    if (joined == 0) {
      client.close();
      return new Result(false, scenario.label(), "not available (" + opened + "; failed: "
          + WsLoadClient.describe(client.failures()) + ")", subscribers, 0, 0, 0, 0, 0, null, 0, 0, 1);
    }

    var cpu = new CpuMeter(server.pid(), env.dataDir());
    var cpuBefore = cpu.sample();
    long clientCpuBefore = client.cpuNanos();
    var http = HttpLoad.newClient();
    var failed = new AtomicLong();
    long expected = 0;
    long started = System.nanoTime();
    long next = started;
    for (int n = 1; n <= pulses; n++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      next += interval;
      Sender sender = scenario.senders().get((n - 1) % scenario.senders().size());
      expected +=
          joinedByTopic.getOrDefault("frontpage", 0) + joinedByTopic.getOrDefault("users:" + sender.username(), 0);
      var pulse = new Pulses.Pulse(sender.token(), Instant.now().minusSeconds(1), List.of(n, 1, 1));
      client.markSent(n);
      http.sendAsync(Pulses.request(env.uri("/api/my/pulses"), pulse), HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 201) {
              failed.incrementAndGet();
            }
          });
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(3000); // the last pushes' time to arrive
    double serverCpu = cpu.sample().minus(cpuBefore).serverSeconds();
    double clientCpu = (client.cpuNanos() - clientCpuBefore) / 1e9;
    client.close();
    String note =
        "%s: %s; %d closed by the server during the run; sockets that failed or were closed: %s; %d pushes of unknown pulses"
            .formatted(scenario.label(), opened, client.closedByServer(), WsLoadClient.describe(client.failures()),
                client.unknownPushes());
    return new Result(
        true, scenario.label(), note, subscribers, joined, pulses, failed.get(), expected, client.received(),
        client.latency(), serverCpu, clientCpu, seconds);
  }
}
