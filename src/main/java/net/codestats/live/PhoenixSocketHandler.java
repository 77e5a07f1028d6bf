package net.codestats.live;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.annotation.PreDestroy;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The Phoenix Channels protocol on {@code /live_update_socket/websocket}: joins, leaves,
 * heartbeats; pushes come from {@link LiveDispatch}.
 */
@Component
class PhoenixSocketHandler extends TextWebSocketHandler {

  static final String USER_ID = "codestats.live.userId";
  static final String V1 = "codestats.live.v1";
  static final Map<String, String> UNAUTHORIZED = Map.of("reason", "Unauthorized.");

  private final LiveHub hub;
  private final PhoenixFrames frames;
  private final XpHistory history;
  private final Accounts accounts;
  private final SocketsPerAddress perAddress;
  private final SendScheduler senders = new SendScheduler();
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  PhoenixSocketHandler(
      LiveHub hub, PhoenixFrames frames, XpHistory history, Accounts accounts, SocketsPerAddress perAddress) {
    this.hub = hub;
    this.frames = frames;
    this.history = history;
    this.accounts = accounts;
    this.perAddress = perAddress;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    Long userId = (Long) session.getAttributes().get(USER_ID);
    boolean v1 = Boolean.TRUE.equals(session.getAttributes().get(V1));
    connections.put(session.getId(), new Connection(session, senders, userId, v1));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    Connection connection = connections.get(session.getId());
    if (connection == null) {
      return;
    }
    PhoenixFrames.Frame frame = frames.parse(message.getPayload(), connection.v1());
    if (frame == null) {
      connection.close(CloseStatus.BAD_DATA.withReason("not a Phoenix channel message"));
      return;
    }
    switch (frame.event()) {
      case "heartbeat" -> connection.send(frames.reply(connection.v1(), frame, "ok", Map.of()));
      case "phx_join" -> join(connection, frame);
      case "phx_leave" -> leave(connection, frame);
      default -> {
        if (!connection.topics.containsKey(frame.topic())) {
          connection.send(frames.reply(connection.v1(), frame, "error", Map.of("reason", "unmatched topic")));
        }
        // a joined topic takes no messages from clients: ignored
      }
    }
  }

  private void join(Connection connection, PhoenixFrames.Frame frame) {
    String topic = frame.topic();
    if (!connection.topics.containsKey(topic) && connection.topics.size() >= Connection.MAX_TOPICS) {
      connection.send(frames.reply(connection.v1(), frame, "error", Map.of("reason", "too many topics")));
      return;
    }
    if (LiveTopics.FRONTPAGE.equals(topic)) {
      connection.topics.put(topic, new Connection.Joined(frame.joinRef(), null));
      hub.joinFrontpage(connection);
      connection.send(frames.reply(connection.v1(), frame, "ok", Map.of("xp_history", history.snapshot())));
      return;
    }
    if (topic.startsWith(LiveTopics.USER_PREFIX)) {
      Optional<User> user = followable(topic.substring(LiveTopics.USER_PREFIX.length()), connection);
      if (user.isEmpty()) {
        connection.send(frames.reply(connection.v1(), frame, "error", UNAUTHORIZED));
        return;
      }
      connection.topics.put(topic, new Connection.Joined(frame.joinRef(), user.get().id()));
      hub.joinUser(user.get().id(), connection, topic);
      connection.send(frames.reply(connection.v1(), frame, "ok", Map.of()));
      return;
    }
    connection.send(frames.reply(connection.v1(), frame, "error", Map.of("reason", "unmatched topic")));
  }

  private Optional<User> followable(String username, Connection connection) {
    return accounts
        .lookUp(username)
        .filter(user -> !user.privateProfile() || Objects.equals(connection.tokenUserId(), user.id()));
  }

  private void leave(Connection connection, PhoenixFrames.Frame frame) {
    Connection.Joined joined = connection.topics.remove(frame.topic());
    if (joined == null) {
      connection.send(frames.reply(connection.v1(), frame, "error", Map.of("reason", "unmatched topic")));
      return;
    }
    if (joined.userId() != null) {
      hub.leaveUser(joined.userId(), connection);
    } else {
      hub.leaveFrontpage(connection);
    }
    connection.send(frames.reply(connection.v1(), frame, "ok", Map.of()));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    if (session.getAttributes().remove(SocketsPerAddress.ADDRESS) instanceof String address) {
      perAddress.giveBack(address);
    }
    Connection connection = connections.remove(session.getId());
    if (connection != null) {
      connection.markClosed();
      hub.leaveAll(connection);
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    // the container closes the session; afterConnectionClosed cleans up
  }

  int openConnections() {
    return connections.size();
  }

  @PreDestroy
  void shutdown() {
    senders.close();
  }
}
