package net.codestats.pulse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.geo.Coords;
import net.codestats.pulse.PulseStored.LanguageXp;
import net.codestats.system.CodeStatsProperties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PulseStored} across several app nodes through PostgreSQL's LISTEN/NOTIFY, no broker
 * needed: each node announces the pulses it stored, and publishes those that other nodes
 * announce as {@link PulseStored.Origin#OTHER_NODE}. Off unless {@code
 * codestats.cluster=true} (one node needs none of it). The listener holds one pooled
 * connection and reconnects by itself after a database restart.
 */
@Component
class ClusterFanOut implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClusterFanOut.class);
  static final String CHANNEL = "codestats_live";
  // PostgreSQL refuses NOTIFY payloads from 8000 bytes on
  static final int MAX_PAYLOAD = 7900;
  static final int ANNOUNCE_QUEUE = 10_000;
  private static final JsonMapper JSON = JsonMapper.shared();

  private final boolean enabled;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final ApplicationEventPublisher events;
  private final String nodeId = UUID.randomUUID().toString();
  /** announcements leave the request thread: ingestion never waits for NOTIFY */
  private final ThreadPoolTaskExecutor announcer = new ThreadPoolTaskExecutor();
  /** the listener blocks on its connection, in a virtual thread */
  private final SimpleAsyncTaskExecutor listeners = new SimpleAsyncTaskExecutor("pulse-cluster-listener-");
  private volatile boolean running;
  private volatile boolean listening;
  private Future<?> listener;

  ClusterFanOut(
      CodeStatsProperties settings, DataSource dataSource, JdbcClient jdbc, Accounts accounts,
      ApplicationEventPublisher events) {
    this.enabled = settings.cluster();
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.events = events;
    announcer.setCorePoolSize(1);
    announcer.setMaxPoolSize(1);
    announcer.setQueueCapacity(ANNOUNCE_QUEUE);
    announcer.setThreadNamePrefix("pulse-cluster-announce-");
    announcer.setDaemon(true);
    listeners.setVirtualThreads(true);
  }

  boolean listening() {
    return listening;
  }

  @EventListener
  void onPulseStored(PulseStored pulse) {
    if (!enabled || !running || pulse.origin() != PulseStored.Origin.THIS_NODE) {
      return;
    }
    try {
      announcer.execute(() -> announce(pulse));
    } catch (TaskRejectedException e) {
      log.debug("Pulse not announced to other nodes: queue full");
    }
  }

  /** Tells the other nodes about a pulse stored here. */
  private void announce(PulseStored pulse) {
    try {
      String message = encode(nodeId, pulse);
      if (message.length() > MAX_PAYLOAD) {
        log.debug("Pulse too large to announce to other nodes ({} chars)", message.length());
        return;
      }
      jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, message).query(rs -> {});
    } catch (RuntimeException e) {
      log.warn("Announcing a pulse to other nodes failed: {}", e.toString());
    }
  }

  /** The message for other nodes; the privacy is theirs to look up, coordinates come only for public profiles. */
  static String encode(String node, PulseStored pulse) {
    List<Object> xps = new ArrayList<>(pulse.xps().size());
    pulse.xps().forEach(e -> xps.add(List.of(e.language(), e.amount())));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("n", node);
    message.put("u", pulse.userId());
    message.put("m", pulse.machineName());
    message.put("t", pulse.sentAt().toString());
    message.put("o", pulse.offsetMinutes());
    message.put("x", xps);
    message.put(
        "c",
        pulse.coords() == null || pulse.privateProfile() ? null : List.of(pulse.coords().lat(), pulse.coords().lon()));
    message.put("i", pulse.machineId());
    return JSON.writeValueAsString(message);
  }

  /**
   * The pulse in a message from another node, with the user's privacy as this node sees it;
   * null for our own, a malformed one or an unknown user.
   */
  PulseStored decode(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node == null || nodeId.equals(node.path("n").asString())) {
        return null;
      }
      long userId = node.get("u").asLong();
      User user = accounts.lookUp(userId).orElse(null);
      if (user == null) {
        return null;
      }
      List<LanguageXp> xps = new ArrayList<>();
      node.get("x").forEach(e -> xps.add(new LanguageXp(e.get(0).asString(), e.get(1).asInt())));
      JsonNode c = node.get("c");
      Coords coords =
          c == null || c.isNull() || user.privateProfile()
              ? null
              : new Coords(c.get(0).asDouble(), c.get(1).asDouble());
      return new PulseStored(
          PulseStored.Origin.OTHER_NODE,
          userId,
          user.privateProfile(),
          // older nodes do not send the machine id
          node.path("i").asLong(0),
          node.get("m").asString(),
          Instant.parse(node.get("t").asString()),
          node.get("o").asInt(),
          List.copyOf(xps),
          coords);
    } catch (RuntimeException e) { // JacksonException is one too
      log.debug("Ignored a malformed cluster message: {}", e.toString());
      return null;
    }
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        listening = true;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              PulseStored pulse = decode(notification.getParameter());
              if (pulse != null) {
                events.publishEvent(pulse);
              }
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

  @Override
  public void start() {
    if (!enabled || running) {
      return;
    }
    running = true;
    announcer.initialize();
    listener = listeners.submit(this::listen);
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.cancel(true);
    }
    announcer.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
