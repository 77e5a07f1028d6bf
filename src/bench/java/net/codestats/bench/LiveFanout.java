package net.codestats.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Live fan-out: many WebSocket subscribers (Phoenix Channels v2 frames) join one public
 * user's topic; pulses are sent for that user at a fixed rate; each subscriber's receive time
 * minus the pulse's send time is recorded. Pulses are told apart by their XP amount.
 */
final class LiveFanout {

  static final String PATH = "/live_update_socket/websocket?vsn=2.0.0";
  private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(\\d+)");

  record Result(boolean available, String note, int subscribers, long pulses, long expected, long received, Histogram latency) {
    double percentileMs(double p) {
      return latency == null || latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1000.0;
    }
  }

  private LiveFanout() {}

  static Result run(BenchEnvironment env, Dataset dataset, int subscribers, double pulsesPerSecond, Duration duration)
      throws InterruptedException {
    URI socket = URI.create("ws://127.0.0.1:" + env.port() + PATH);
    String topic = "users:" + dataset.fanoutUser();
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    var recorder = new Recorder(3);
    var received = new AtomicLong();
    var sentAt = new ConcurrentHashMap<Integer, Long>();
    var joined = new AtomicLong();

    try {
      open(client, socket, env, topic, recorder, received, sentAt, joined).get(20, TimeUnit.SECONDS).abort();
    } catch (Exception e) {
      return new Result(false, "not available (" + rootMessage(e) + ")", 0, 0, 0, 0, null);
    }
    joined.set(0);
    var sockets = new ArrayList<WebSocket>(subscribers);
    var pending = new ArrayList<CompletableFuture<WebSocket>>();
    for (int i = 0; i < subscribers; i++) {
      pending.add(open(client, socket, env, topic, recorder, received, sentAt, joined));
      if (pending.size() == 200) {
        collect(pending, sockets);
      }
    }
    collect(pending, sockets);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (joined.get() < sockets.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String note = "%d of %d subscribers joined".formatted(joined.get(), subscribers);

    var heartbeat =
        Thread.ofPlatform().daemon().start(() -> {
          try {
            while (true) {
              Thread.sleep(25_000);
              for (WebSocket ws : sockets) {
                ws.sendText("[null,\"hb\",\"phoenix\",\"heartbeat\",{}]", true);
              }
            }
          } catch (InterruptedException stop) {
            // done
          }
        });
    recorder.getIntervalHistogram(); // drop anything before the measured pulses
    received.set(0);
    var http = HttpLoad.newClient();
    long interval = (long) (1e9 / pulsesPerSecond);
    long pulses = duration.toNanos() / interval;
    long next = System.nanoTime();
    for (int n = 1; n <= pulses; n++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      next += interval;
      int amount = n;
      var pulse = new Pulses.Pulse(dataset.fanoutToken(), Instant.now().minusSeconds(1), List.of(amount, 1, 1));
      sentAt.put(amount, System.nanoTime());
      http.sendAsync(Pulses.request(env.uri("/api/my/pulses"), pulse), java.net.http.HttpResponse.BodyHandlers.discarding());
    }
    Thread.sleep(3000);
    heartbeat.interrupt();
    for (WebSocket ws : sockets) {
      ws.abort();
    }
    return new Result(true, note, subscribers, pulses, pulses * joined.get(), received.get(), recorder.getIntervalHistogram());
  }

  private static CompletableFuture<WebSocket> open(
      HttpClient client, URI socket, BenchEnvironment env, String topic, Recorder recorder, AtomicLong received,
      ConcurrentHashMap<Integer, Long> sentAt, AtomicLong joined) {
    var listener =
        new WebSocket.Listener() {
          private final StringBuilder frame = new StringBuilder();

          @Override
          public void onOpen(WebSocket ws) {
            ws.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]", true);
            ws.request(1);
          }

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
              String text = frame.toString();
              frame.setLength(0);
              if (text.contains("\"phx_reply\"") && text.startsWith("[\"1\",\"1\"") && text.contains("\"ok\"")) {
                joined.incrementAndGet();
              } else if (text.contains("\"new_pulse\"")) {
                long now = System.nanoTime();
                var m = AMOUNT.matcher(text);
                if (m.find()) {
                  Long sent = sentAt.get(Integer.parseInt(m.group(1)));
                  if (sent != null) {
                    recorder.recordValue(Math.max(0, (now - sent) / 1000));
                    received.incrementAndGet();
                  }
                }
              }
            }
            ws.request(1);
            return null;
          }
        };
    return client
        .newWebSocketBuilder()
        .header("Origin", "http://127.0.0.1:" + env.port())
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(socket, listener);
  }

  private static void collect(List<CompletableFuture<WebSocket>> pending, List<WebSocket> sockets) {
    for (var future : pending) {
      try {
        sockets.add(future.get(30, TimeUnit.SECONDS));
      } catch (Exception e) {
        // counted as not joined
      }
    }
    pending.clear();
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
