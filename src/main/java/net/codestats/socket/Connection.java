package net.codestats.socket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One live socket. Everything sent to it goes through its own bounded queue, drained by one
 * task at a time, so a slow reader never holds up the sender or other sockets: when its queue
 * is full it is closed and the client reconnects and refetches.
 *
 * <p>A drain that finds several frames queued writes them together: the container's batching
 * collects them in its output buffer and one socket write carries them all, in order. A socket
 * that wrote only just now waits for the {@link SendScheduler}'s next tick, so that under load
 * one write carries several frames and the writes per second stay bounded.
 */
final class Connection {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  static final int QUEUE_LIMIT = 256;
  static final int MAX_TOPICS = 100;
  static final long SEND_TIMEOUT_MILLIS = 10_000;
  /** Tomcat's per-session limit for a blocking send */
  static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
  static final CloseStatus TOO_SLOW = CloseStatus.SESSION_NOT_RELIABLE.withReason("too slow to read updates");

  private final WebSocketSession session;
  /** the container's endpoint, written to directly (one drain at a time); null if not a standard session */
  private final RemoteEndpoint.Basic remote;
  /** writes whole frames to {@code remote}; null with it */
  private final TextFrames.Writer writer;
  private final SendScheduler senders;
  /** when the last drain started (System.nanoTime) */
  private volatile long lastDrain;
  private final Long tokenUserId;
  private final boolean v1;
  /**
   * Linked, not an array of {@link #QUEUE_LIMIT}: thousands of idle sockets then hold no
   * backlog space (an array queue took 1 KB each); {@link #queued} bounds it.
   */
  private final Queue<TextMessage> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** topic as the client wrote it → its join */
  final Map<String, Joined> topics = new ConcurrentHashMap<>();

  /** @param channel what {@link ChannelJoins} joined the topic to */
  record Joined(String joinRef, String channel) {}

  Connection(WebSocketSession session, SendScheduler senders, TextFrames textFrames, Long tokenUserId, boolean v1) {
    this.session = session;
    Session standard =
        session instanceof NativeWebSocketSession nativeSession ? nativeSession.getNativeSession(Session.class) : null;
    if (standard != null) {
      // a blocked write (a reader that stopped reading) gives up after this; the queue bounds the backlog
      standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, SEND_TIMEOUT_MILLIS);
    }
    this.remote = standard == null ? null : standard.getBasicRemote();
    this.writer = remote == null ? null : textFrames.writerFor(remote);
    this.senders = senders;
    this.lastDrain = System.nanoTime() - senders.lingerNanos();
    this.tokenUserId = tokenUserId;
    this.v1 = v1;
  }

  String id() {
    return session.getId();
  }

  /** The user whose channel token opened this socket, or null. */
  Long tokenUserId() {
    return tokenUserId;
  }

  boolean v1() {
    return v1;
  }

  void send(TextMessage message) {
    if (closed.get()) {
      return;
    }
    if (queued.incrementAndGet() > QUEUE_LIMIT) {
      queued.decrementAndGet();
      close(TOO_SLOW);
      return;
    }
    queue.add(message);
    if (draining.compareAndSet(false, true)) {
      schedule();
    }
  }

  /** Drains now, or, if this socket wrote only just now, at the next tick with what came meanwhile. */
  private void schedule() {
    if (System.nanoTime() - lastDrain >= senders.lingerNanos()) {
      senders.now(this::drain);
    } else {
      senders.later(this::drain);
    }
  }

  private void drain() {
    lastDrain = System.nanoTime();
    try {
      if (remote == null) {
        TextMessage message;
        while (!closed.get() && (message = poll()) != null) {
          session.sendMessage(message);
        }
      } else {
        drainBatched();
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Live socket {} failed to send: {}", id(), e.toString());
      close(CloseStatus.SESSION_NOT_RELIABLE);
    } finally {
      draining.set(false);
    }
    if (!queue.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
      schedule();
    }
  }

  /** Writes what is queued; several frames go out in one write, in the order they were queued. */
  private void drainBatched() throws IOException {
    TextMessage message;
    while (!closed.get() && (message = poll()) != null) {
      if (queue.isEmpty()) {
        write(message);
        continue;
      }
      remote.setBatchingAllowed(true);
      try {
        do {
          write(message);
        } while (!closed.get() && (message = poll()) != null);
      } finally {
        // ends the batch: writes what the output buffer still holds
        remote.setBatchingAllowed(false);
      }
    }
  }

  private TextMessage poll() {
    TextMessage message = queue.poll();
    if (message != null) {
      queued.decrementAndGet();
    }
    return message;
  }

  private void write(TextMessage message) throws IOException {
    writer.write(message);
  }

  /** Whether frames go out without being encoded again for this socket. */
  boolean preEncoded() {
    return writer != null && writer.preEncoded();
  }

  /** The container's endpoint, or null if not a standard session (tests). */
  RemoteEndpoint.Basic remote() {
    return remote;
  }

  void close(CloseStatus status) {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      senders.now(
          () -> {
            try {
              session.close(status);
            } catch (IOException | RuntimeException e) {
              log.debug("Live socket {} did not close cleanly: {}", id(), e.toString());
            }
          });
    }
  }

  void markClosed() {
    closed.set(true);
    queue.clear();
  }
}
