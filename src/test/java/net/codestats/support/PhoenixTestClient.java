package net.codestats.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (the JDK's) that speaks Phoenix Channels frames, for tests. */
public final class PhoenixTestClient implements AutoCloseable {

  public static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public final WebSocket socket;
  public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final AtomicInteger refs = new AtomicInteger();

  private final boolean stalled;

  private PhoenixTestClient(URI uri, String origin) {
    this(uri, origin, false);
  }

  /** @param stalled reads the first frame only, then nothing: a subscriber that fell behind */
  private PhoenixTestClient(URI uri, String origin, boolean stalled) {
    this.stalled = stalled;
    var listener =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              frames.add(partial.toString());
              partial.setLength(0);
            }
            if (!PhoenixTestClient.this.stalled) {
              webSocket.request(1);
            }
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
          }
        };
    var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    this.socket = builder.buildAsync(uri, listener).join();
  }

  public static PhoenixTestClient connect(int port, String query) {
    return connect(port, query, null);
  }

  public static PhoenixTestClient connect(int port, String query, String origin) {
    return new PhoenixTestClient(
        URI.create("ws://localhost:" + port + "/live_update_socket/websocket?" + query), origin);
  }

  public static PhoenixTestClient connectStalled(int port, String query) {
    return new PhoenixTestClient(
        URI.create("ws://localhost:" + port + "/live_update_socket/websocket?" + query), null, true);
  }

  /** Sends a v2 frame and returns its ref. */
  public String push(String joinRef, String topic, String event, Object payload) {
    String ref = Integer.toString(refs.incrementAndGet());
    sendRaw(JSON.writeValueAsString(java.util.Arrays.asList(joinRef, ref, topic, event, payload)));
    return ref;
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** Joins and returns the reply frame. */
  public JsonNode join(String topic) {
    String ref = Integer.toString(refs.get() + 1);
    push(ref, topic, "phx_join", java.util.Map.of());
    return replyTo(ref);
  }

  public JsonNode replyTo(String ref) {
    return next(frame -> "phx_reply".equals(frame.get(3).asString()) && ref.equals(frame.get(1).asString()));
  }

  public JsonNode nextEvent(String topic, String event) {
    return next(frame -> topic.equals(frame.get(2).asString()) && event.equals(frame.get(3).asString()));
  }

  public JsonNode next(java.util.function.Predicate<JsonNode> wanted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      String text;
      try {
        text = frames.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (text != null) {
        JsonNode frame = JSON.readTree(text);
        if (frame.isArray() && wanted.test(frame)) {
          return frame;
        }
      }
    }
    throw new AssertionError("no such frame within 15 s; received " + frames);
  }

  /**
   * Every frame that arrives before the reply to {@code ref}, without the reply: what the
   * server pushed before answering. Unlike {@link #next}, nothing in between is dropped.
   */
  public List<JsonNode> framesBeforeReplyTo(String ref) {
    var before = new java.util.ArrayList<JsonNode>();
    next(frame -> {
      boolean reply = "phx_reply".equals(frame.get(3).asString()) && ref.equals(frame.get(1).asString());
      if (!reply) {
        before.add(frame);
      }
      return reply;
    });
    return before;
  }

  /** Frames that arrive within the given time, none expected. */
  public String pollRaw(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
