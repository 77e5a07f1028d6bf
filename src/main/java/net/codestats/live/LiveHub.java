package net.codestats.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/** Who follows what: the front page, and each user's profile (by user id). */
@Component
class LiveHub {

  /** connection → topic as written */
  private final Map<Connection, Boolean> frontpage = new ConcurrentHashMap<>();
  private final Map<Long, Map<Connection, String>> users = new ConcurrentHashMap<>();

  void joinFrontpage(Connection connection) {
    frontpage.put(connection, Boolean.TRUE);
  }

  void leaveFrontpage(Connection connection) {
    frontpage.remove(connection);
  }

  void joinUser(long userId, Connection connection, String topic) {
    users.computeIfAbsent(userId, id -> new ConcurrentHashMap<>()).put(connection, topic);
  }

  void leaveUser(long userId, Connection connection) {
    users.computeIfPresent(userId, (id, followers) -> {
      followers.remove(connection);
      return followers.isEmpty() ? null : followers;
    });
  }

  void leaveAll(Connection connection) {
    frontpage.remove(connection);
    for (Long userId : Set.copyOf(users.keySet())) {
      leaveUser(userId, connection);
    }
  }

  void broadcastFrontpage(PhoenixFrames frames, String event, Object payload) {
    TextMessage v2 = null;
    TextMessage v1 = null;
    for (Connection connection : frontpage.keySet()) {
      if (connection.v1()) {
        v1 = v1 != null ? v1 : frames.broadcast(true, LiveTopics.FRONTPAGE, event, payload);
        connection.send(v1);
      } else {
        v2 = v2 != null ? v2 : frames.broadcast(false, LiveTopics.FRONTPAGE, event, payload);
        connection.send(v2);
      }
    }
  }

  void broadcastUser(
      long userId, Predicate<Connection> allowed, PhoenixFrames frames, String event, Object payload) {
    Map<Connection, String> followers = users.get(userId);
    if (followers == null) {
      return;
    }
    // one frame per distinct topic spelling and protocol version, encoded once
    Map<String, TextMessage> v2 = new HashMap<>(4);
    Map<String, TextMessage> v1 = new HashMap<>(4);
    followers.forEach(
        (connection, topic) -> {
          if (allowed.test(connection)) {
            Map<String, TextMessage> encoded = connection.v1() ? v1 : v2;
            TextMessage message = encoded.get(topic);
            if (message == null) {
              message = frames.broadcast(connection.v1(), topic, event, payload);
              encoded.put(topic, message);
            }
            connection.send(message);
          }
        });
  }

  int followers(long userId) {
    Map<Connection, String> followers = users.get(userId);
    return followers == null ? 0 : followers.size();
  }

  int connections() {
    return frontpage.size() + users.values().stream().mapToInt(Map::size).sum();
  }
}
