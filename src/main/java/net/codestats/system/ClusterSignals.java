package net.codestats.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Small messages between app nodes through PostgreSQL's LISTEN/NOTIFY, no broker needed: a
 * node keeps ONE pooled connection listening on every channel registered here (before start)
 * and sends from a single background thread, so that a request never waits for NOTIFY and
 * messages leave in the order they were sent. What queued up meanwhile leaves in one statement
 * (up to {@value #PER_STATEMENT} messages): a round trip per message would cap a node at a few
 * thousand messages per second (see docs/scaling.md). Each node has its own {@link #nodeId()}; the
 * channels' owners put it in their messages and ignore their own. Off unless {@code
 * codestats.cluster=true}: one node sends nothing and listens to nothing.
 *
 * <p>PostgreSQL keeps no message for a connection that is not listening: each time the
 * listener (re)connects, {@link Resumed} is published, for caches to drop every copy of
 * shared data they hold (whatever changed meanwhile was announced to nobody).
 */
@Component
public class ClusterSignals implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);
  // PostgreSQL refuses NOTIFY payloads from 8000 bytes on
  public static final int MAX_PAYLOAD_BYTES = 7900;
  static final int SEND_QUEUE = 10_000;
  static final int PER_STATEMENT = 100;
  private static final long DROP_WARNING_EVERY = TimeUnit.MINUTES.toNanos(1);
  private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z_]{1,60}");

  /**
   * The listener has just (re)connected: anything sent while it was away is lost, so every
   * cached copy of shared data must go. Published in the listener's thread, after LISTEN.
   */
  public record Resumed() {}

  private final boolean enabled;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();

  private record Message(String channel, String payload) {}

  private final BlockingQueue<Message> outbox = new ArrayBlockingQueue<>(SEND_QUEUE);
  private final Counter dropped;
  private final AtomicLong statementsSent = new AtomicLong();
  private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_EVERY);
  /** the single sender, in a thread of its own */
  private final SimpleAsyncTaskExecutor senders = new SimpleAsyncTaskExecutor("cluster-send-");
  private Future<?> sender;
  /** the listener blocks on its connection, in a virtual thread */
  private final SimpleAsyncTaskExecutor listeners = new SimpleAsyncTaskExecutor("cluster-listener-");
  private volatile boolean running;
  private volatile boolean listening;
  private Future<?> listener;

  ClusterSignals(
      CodeStatsProperties settings, DataSource dataSource, JdbcClient jdbc, ApplicationEventPublisher events,
      MeterRegistry metrics) {
    this.enabled = settings.cluster();
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.events = events;
    listeners.setVirtualThreads(true);
    senders.setDaemon(true);
    this.dropped = Counter.builder("codestats.cluster.messages.dropped")
        .description("Messages for other nodes dropped: the send queue was full")
        .register(metrics);
    Gauge.builder("codestats.cluster.messages.queued", outbox, BlockingQueue::size)
        .description("Messages waiting to be sent to other nodes")
        .register(metrics);
  }

  /** Whether this node is one of several ({@code codestats.cluster}). */
  public boolean enabled() {
    return enabled;
  }

  /** This node's id, for its messages, so that it can tell its own from the others'. */
  public String nodeId() {
    return nodeId;
  }

  /** Whether the listener is connected now (tests wait for it). */
  public boolean listening() {
    return listening;
  }

  /**
   * Hands each message on {@code channel} (from any node, this one included) to {@code
   * messages}, in the listener's thread: keep it short. Register before the application starts.
   */
  public void listen(String channel, Consumer<String> messages) {
    if (!CHANNEL_NAME.matcher(channel).matches()) {
      throw new IllegalArgumentException("Not a channel name: " + channel);
    }
    if (running) {
      throw new IllegalStateException("Channels are registered before the listener starts");
    }
    channels.put(channel, messages);
  }

  /**
   * Sends a message to every node listening on {@code channel} (this one too), in the
   * background; dropped (with a debug line) when too large, dropped when the queue is full
   * (counted in {@code codestats.cluster.messages.dropped}, a warning at most once a minute),
   * and nothing at all on a single node.
   */
  public void send(String channel, String message) {
    if (!enabled || !running) {
      return;
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      log.debug("Message too large for other nodes on {} ({} chars)", channel, message.length());
      return;
    }
    if (!outbox.offer(new Message(channel, message))) {
      dropped.increment();
      long last = lastDropWarning.get();
      long now = System.nanoTime();
      if (now - last >= DROP_WARNING_EVERY && lastDropWarning.compareAndSet(last, now)) {
        log.warn("Messages to other nodes dropped: {} queued, {} dropped so far", SEND_QUEUE, (long) dropped.count());
      }
    }
  }

  /** Sends what is queued, in order, until stopped; then what is left (a graceful stop loses nothing). */
  private void sendQueued() {
    var batch = new ArrayList<Message>(PER_STATEMENT);
    while (running || !outbox.isEmpty()) {
      try {
        Message first = outbox.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        if (outbox.isEmpty()) {
          return;
        }
      }
      outbox.drainTo(batch, PER_STATEMENT - batch.size());
      sendBatch(batch);
      batch.clear();
    }
  }

  /** Statements that sent messages so far (tests check the batching). */
  long statementsSent() {
    return statementsSent.get();
  }

  private void sendBatch(List<Message> batch) {
    statementsSent.incrementAndGet();
    try {
      if (batch.size() == 1) {
        jdbc.sql("select pg_notify(?, ?)").params(batch.getFirst().channel(), batch.getFirst().payload())
            .query(rs -> {});
      } else {
        // one statement, notifications queued in array order, delivered in that order
        String[] names = batch.stream().map(Message::channel).toArray(String[]::new);
        String[] payloads = batch.stream().map(Message::payload).toArray(String[]::new);
        jdbc.sql("select count(pg_notify(c, m)) from unnest(?::text[], ?::text[]) as t(c, m)")
            .params(names, payloads).query(rs -> {});
      }
    } catch (RuntimeException e) {
      log.warn("Sending {} message(s) to other nodes failed: {}", batch.size(), e.toString());
    }
  }

  private void receive() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          for (String channel : channels.keySet()) {
            statement.execute("LISTEN " + channel);
          }
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        listening = true;
        events.publishEvent(new Resumed());
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              deliver(notification);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (running) {
          log.warn("Cluster listener lost its database connection, retrying: {}", e.toString());
          try {
            Thread.sleep(2000);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
    listening = false;
  }

  private void deliver(PGNotification notification) {
    Consumer<String> messages = channels.get(notification.getName());
    if (messages == null) {
      return;
    }
    try {
      messages.accept(notification.getParameter());
    } catch (RuntimeException e) {
      // one bad message must not cost the connection (and with it every message meanwhile)
      log.warn("A message from another node on {} failed: {}", notification.getName(), e.toString());
    }
  }

  @Override
  public void start() {
    if (!enabled || running) {
      return;
    }
    running = true;
    sender = senders.submit(this::sendQueued);
    if (!channels.isEmpty()) {
      listener = listeners.submit(this::receive);
    }
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.cancel(true);
    }
    if (sender != null) {
      try {
        sender.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Messages to other nodes left unsent at shutdown: {}", outbox.size());
      }
      sender.cancel(true);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
