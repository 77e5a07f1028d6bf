package net.codestats.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Live sockets through nginx (TLS, the Phoenix v2 protocol over {@link RawWebSocket}) that do
 * what the site's script does when a socket closes: connect again, join again. Each keeps the
 * pushes it received and counts its reconnections.
 */
final class ClusterSockets implements AutoCloseable {

  /** The upgrade through nginx; the node that took it is in the {@value ClusterNodes#UPSTREAM_HEADER} header. */
  static RawWebSocket open(SSLContext tls, int tlsPort, long seed) throws IOException {
    String request = "GET /live_update_socket/websocket?vsn=2.0.0 HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + tlsPort + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: "
        + Base64.getEncoder()
            .encodeToString("codestats-e2e%03d".formatted(seed % 1000).getBytes(StandardCharsets.US_ASCII)) // 16 bytes
        + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    return RawWebSocket.open(tls.getSocketFactory().createSocket(), tlsPort,
        request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10), seed);
  }

  /** The node that answered, as nginx names it, from a response head. */
  static Optional<String> upstream(String responseHead) {
    return responseHead.lines()
        .filter(l -> l.regionMatches(true, 0, ClusterNodes.UPSTREAM_HEADER + ":", 0,
            ClusterNodes.UPSTREAM_HEADER.length() + 1))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst();
  }

  /** Joins {@code topic}; true when the reply is ok. */
  static boolean join(RawWebSocket socket, String topic) throws IOException {
    socket.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var frame = socket.read(Duration.ofSeconds(1));
      if (frame != null && frame.opcode() == RawWebSocket.TEXT && frame.text().contains("\"phx_reply\"")) {
        return frame.text().contains("\"ok\"");
      }
    }
    return false;
  }

  final class Subscriber {
    final BlockingQueue<String> pushes = new LinkedBlockingQueue<>();
    final AtomicInteger reconnections = new AtomicInteger();
    final List<String> nodes = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean joined;
    volatile String lastProblem;
  }

  private final SSLContext tls;
  private final int tlsPort;
  private final String topic;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  ClusterSockets(SSLContext tls, int tlsPort, String topic, int count) {
    this.tls = tls;
    this.tlsPort = tlsPort;
    this.topic = topic;
    for (int i = 0; i < count; i++) {
      var subscriber = new Subscriber();
      subscribers.add(subscriber);
      long seed = i;
      threads.add(Thread.ofPlatform().name("live-" + i).start(() -> keepOpen(subscriber, seed)));
    }
  }

  List<Subscriber> subscribers() {
    return subscribers;
  }

  private void keepOpen(Subscriber subscriber, long seed) {
    boolean first = true;
    while (!stop.get()) {
      if (!first) {
        subscriber.reconnections.incrementAndGet();
      }
      first = false;
      try (var socket = open(tls, tlsPort, seed)) {
        if (socket.status() != 101) {
          subscriber.lastProblem = "upgrade answered " + socket.status();
        } else {
          subscriber.nodes.add(upstream(socket.responseHead()).orElse("?"));
          subscriber.joined = join(socket, topic);
          long nextHeartbeat = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (subscriber.joined && !stop.get()) {
            var frame = socket.read(Duration.ofMillis(500));
            if (frame != null && frame.opcode() == RawWebSocket.CLOSE) {
              break;
            }
            if (frame != null && frame.opcode() == RawWebSocket.TEXT && frame.text().contains("\"new_pulse\"")) {
              subscriber.pushes.add(frame.text());
            }
            if (System.nanoTime() > nextHeartbeat) {
              socket.sendText("[null,\"hb\",\"phoenix\",\"heartbeat\",{}]");
              nextHeartbeat = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            }
          }
        }
      } catch (IOException e) {
        subscriber.lastProblem = e.toString();
      }
      subscriber.joined = false;
      if (!stop.get()) {
        try {
          Thread.sleep(300); // the site's script waits a little before it reconnects too
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Waits until every subscriber is joined (true), or the timeout. */
  boolean awaitJoined(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (subscribers.stream().allMatch(s -> s.joined)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(5000);
    }
  }
}
