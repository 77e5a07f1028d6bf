package net.codestats.live;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One live socket. Everything sent to it goes through its own bounded queue, drained by one
 * task at a time, so a slow reader never holds up the sender or other sockets: when its queue
 * is full it is closed and the client reconnects and refetches.
 */
final class Connection {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  static final int QUEUE_LIMIT = 256;
  static final int MAX_TOPICS = 100;
  static final CloseStatus TOO_SLOW = CloseStatus.SESSION_NOT_RELIABLE.withReason("too slow to read updates");

  private final WebSocketSession session;
  private final Executor senders;
  private final Long tokenUserId;
  private final boolean v1;
  private final BlockingQueue<TextMessage> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** topic as the client wrote it → its join */
  final Map<String, Joined> topics = new ConcurrentHashMap<>();

  /** @param userId the followed user for a {@code users:} topic, else null */
  record Joined(String joinRef, Long userId) {}

  Connection(WebSocketSession session, Executor senders, Long tokenUserId, boolean v1) {
    // the decorator bounds a single blocked send; the queue above bounds the backlog
    this.session = new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024);
    this.senders = senders;
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
    if (!queue.offer(message)) {
      close(TOO_SLOW);
      return;
    }
    if (draining.compareAndSet(false, true)) {
      senders.execute(this::drain);
    }
  }

  private void drain() {
    try {
      TextMessage message;
      while (!closed.get() && (message = queue.poll()) != null) {
        session.sendMessage(message);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Live socket {} failed to send: {}", id(), e.toString());
      close(CloseStatus.SESSION_NOT_RELIABLE);
    } finally {
      draining.set(false);
    }
    if (!queue.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
      senders.execute(this::drain);
    }
  }

  void close(CloseStatus status) {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      senders.execute(
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
