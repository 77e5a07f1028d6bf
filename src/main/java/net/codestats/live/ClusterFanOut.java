package net.codestats.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import net.codestats.pulse.PulseStored.LanguageXp;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live pushes across several app nodes through PostgreSQL's LISTEN/NOTIFY, no broker needed:
 * each node announces the pulses it stored and pushes those that other nodes announce. Off
 * unless {@code codestats.live.cluster=true} (one node needs none of it). The listener holds
 * one pooled connection and reconnects by itself after a database restart.
 */
@Component
class ClusterFanOut implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ClusterFanOut.class);
  static final String CHANNEL = "codestats_live";
  // PostgreSQL refuses NOTIFY payloads from 8000 bytes on
  static final int MAX_PAYLOAD = 7900;
  private static final JsonMapper JSON = JsonMapper.shared();

  private final boolean enabled;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final String nodeId = UUID.randomUUID().toString();
  private volatile Consumer<LivePulse> receiver = pulse -> {};
  private volatile boolean running;
  private volatile boolean listening;
  private Thread listener;

  ClusterFanOut(@Value("${codestats.live.cluster:false}") boolean enabled, DataSource dataSource, JdbcClient jdbc) {
    this.enabled = enabled;
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  void onRemotePulse(Consumer<LivePulse> receiver) {
    this.receiver = receiver;
  }

  boolean listening() {
    return listening;
  }

  /** Tells the other nodes about a pulse stored here. */
  void announce(LivePulse pulse) {
    if (!enabled) {
      return;
    }
    String message = encode(nodeId, pulse);
    if (message.length() > MAX_PAYLOAD) {
      log.debug("Pulse too large to announce to other nodes ({} chars)", message.length());
      return;
    }
    jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, message).query(rs -> {});
  }

  static String encode(String node, LivePulse pulse) {
    List<Object> xps = new ArrayList<>(pulse.xps().size());
    pulse.xps().forEach(e -> xps.add(List.of(e.language(), e.amount())));
    var message = new java.util.LinkedHashMap<String, Object>();
    message.put("n", node);
    message.put("u", pulse.userId());
    message.put("m", pulse.machineName());
    message.put("t", pulse.sentAt().toString());
    message.put("o", pulse.offsetMinutes());
    message.put("x", xps);
    message.put("c", pulse.coords() == null ? null : List.of(pulse.coords().lat(), pulse.coords().lon()));
    return JSON.writeValueAsString(message);
  }

  /** The pulse in a message from another node; null for our own or a malformed one. */
  LivePulse decode(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node == null || nodeId.equals(node.path("n").asString())) {
        return null;
      }
      List<LanguageXp> xps = new ArrayList<>();
      node.get("x").forEach(e -> xps.add(new LanguageXp(e.get(0).asString(), e.get(1).asInt())));
      JsonNode c = node.get("c");
      GeoLocator.Coords coords =
          c == null || c.isNull() ? null : new GeoLocator.Coords(c.get(0).asDouble(), c.get(1).asDouble());
      return new LivePulse(
          node.get("u").asLong(),
          node.get("m").asString(),
          Instant.parse(node.get("t").asString()),
          node.get("o").asInt(),
          List.copyOf(xps),
          coords);
    } catch (RuntimeException e) { // JacksonException is one too
      log.debug("Ignored a malformed live message: {}", e.toString());
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
              LivePulse pulse = decode(notification.getParameter());
              if (pulse != null) {
                receiver.accept(pulse);
              }
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (running) {
          log.warn("Live cluster listener lost its database connection, retrying: {}", e.toString());
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
    listener = new Thread(this::listen, "live-cluster-listener");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
