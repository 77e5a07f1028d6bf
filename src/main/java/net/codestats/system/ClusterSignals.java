package net.codestats.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
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
import org.springframework.core.task.TaskRejectedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Small messages between app nodes through PostgreSQL's LISTEN/NOTIFY, no broker needed: a
 * node keeps ONE pooled connection listening on every channel registered here (before start)
 * and sends from a single background thread, so that a request never waits for NOTIFY and
 * messages leave in the order they were sent. Each node has its own {@link #nodeId()}; the
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
  private final ThreadPoolTaskExecutor sender = new ThreadPoolTaskExecutor();
  /** the listener blocks on its connection, in a virtual thread */
  private final SimpleAsyncTaskExecutor listeners = new SimpleAsyncTaskExecutor("cluster-listener-");
  private volatile boolean running;
  private volatile boolean listening;
  private Future<?> listener;

  ClusterSignals(
      CodeStatsProperties settings, DataSource dataSource, JdbcClient jdbc, ApplicationEventPublisher events) {
    this.enabled = settings.cluster();
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.events = events;
    sender.setCorePoolSize(1);
    sender.setMaxPoolSize(1);
    sender.setQueueCapacity(SEND_QUEUE);
    sender.setThreadNamePrefix("cluster-send-");
    sender.setDaemon(true);
    listeners.setVirtualThreads(true);
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
   * background; dropped (with a debug line) when too large or when the queue is full, and
   * nothing at all on a single node.
   */
  public void send(String channel, String message) {
    if (!enabled || !running) {
      return;
    }
    if (message.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      log.debug("Message too large for other nodes on {} ({} chars)", channel, message.length());
      return;
    }
    try {
      sender.execute(() -> notify(channel, message));
    } catch (TaskRejectedException e) {
      log.debug("Message not sent to other nodes on {}: queue full", channel);
    }
  }

  private void notify(String channel, String message) {
    try {
      jdbc.sql("select pg_notify(?, ?)").params(channel, message).query(rs -> {});
    } catch (RuntimeException e) {
      log.warn("Sending a message to other nodes on {} failed: {}", channel, e.toString());
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
    sender.initialize();
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
    sender.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
