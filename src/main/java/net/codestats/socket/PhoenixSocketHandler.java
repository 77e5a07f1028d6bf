package net.codestats.socket;

import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The Phoenix Channels protocol on {@code /live_update_socket/websocket}: joins (decided by the
 * {@link ChannelJoins} of the feeds), leaves, heartbeats; pushes come through {@link LiveSockets}.
 */
@Component
class PhoenixSocketHandler extends TextWebSocketHandler {

  static final String USER_ID = "codestats.live.userId";
  static final String V1 = "codestats.live.v1";
  static final Map<String, String> UNMATCHED = Map.of("reason", "unmatched topic");

  private final LiveSockets sockets;
  private final PhoenixFrames frames;
  private final List<ChannelJoins> joins;
  private final SocketsPerAddress perAddress;
  private final TextFrames textFrames;
  private final SendScheduler senders;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  PhoenixSocketHandler(
      LiveSockets sockets,
      PhoenixFrames frames,
      List<ChannelJoins> joins,
      SocketsPerAddress perAddress,
      TextFrames textFrames,
      SocketConfiguration.Settings settings) {
    this.senders = new SendScheduler(settings.sendLinger());
    this.sockets = sockets;
    this.frames = frames;
    this.joins = joins;
    this.perAddress = perAddress;
    this.textFrames = textFrames;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    Long userId = (Long) session.getAttributes().get(USER_ID);
    boolean v1 = Boolean.TRUE.equals(session.getAttributes().get(V1));
    connections.put(session.getId(), new Connection(session, senders, textFrames, userId, v1));
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
          connection.send(frames.reply(connection.v1(), frame, "error", UNMATCHED));
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
    JoinDecision decision = decide(topic, connection.tokenUserId()).orElse(null);
    if (decision == null) {
      connection.send(frames.reply(connection.v1(), frame, "error", UNMATCHED));
      return;
    }
    if (!decision.accepted()) {
      connection.send(frames.reply(connection.v1(), frame, "error", decision.response().get()));
      return;
    }
    connection.topics.put(topic, new Connection.Joined(frame.joinRef(), decision.channel()));
    sockets.join(decision.channel(), connection, topic);
    connection.send(frames.reply(connection.v1(), frame, "ok", decision.response().get()));
  }

  private Optional<JoinDecision> decide(String topic, Long tokenUserId) {
    for (ChannelJoins channel : joins) {
      Optional<JoinDecision> decision = channel.join(topic, tokenUserId);
      if (decision.isPresent()) {
        return decision;
      }
    }
    return Optional.empty();
  }

  private void leave(Connection connection, PhoenixFrames.Frame frame) {
    Connection.Joined joined = connection.topics.remove(frame.topic());
    if (joined == null) {
      connection.send(frames.reply(connection.v1(), frame, "error", UNMATCHED));
      return;
    }
    sockets.leave(joined.channel(), connection);
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
      sockets.leaveAll(connection);
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    // the container closes the session; afterConnectionClosed cleans up
  }

  int openConnections() {
    return connections.size();
  }

  /** The open socket of that session, if any (tests). */
  Connection connection(String sessionId) {
    return connections.get(sessionId);
  }

  Iterable<String> sessionIds() {
    return List.copyOf(connections.keySet());
  }

  @PreDestroy
  void shutdown() {
    senders.close();
  }
}
