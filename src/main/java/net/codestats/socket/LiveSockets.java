package net.codestats.socket;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * Who follows what, and the pushes to them. A channel is the key a {@link ChannelJoins} chose
 * for a join (the front page, one user's profile): every socket that joined it gets its
 * broadcasts, under the topic as that client wrote it, in its protocol version.
 */
@Component
public class LiveSockets {

  private final PhoenixFrames frames;
  /** channel → connection → topic as written */
  private final Map<String, Map<Connection, String>> channels = new ConcurrentHashMap<>();

  LiveSockets(PhoenixFrames frames) {
    this.frames = frames;
  }

  /** Pushes the event to every socket that joined the channel. */
  public void broadcast(String channel, String event, Object payload) {
    broadcast(channel, connection -> true, event, payload);
  }

  /**
   * Pushes the event only to the sockets of the channel that were opened with the user's
   * channel token: the owner following their own private profile.
   */
  public void broadcastToTokenHolder(String channel, long userId, String event, Object payload) {
    broadcast(channel, connection -> Objects.equals(connection.tokenUserId(), userId), event, payload);
  }

  /**
   * Pushes the event to the sockets of the channel that were not opened with the user's channel
   * token: everybody but the owner (who gets their own version through {@link
   * #broadcastToTokenHolder}).
   */
  public void broadcastToOthers(String channel, long userId, String event, Object payload) {
    broadcast(channel, connection -> !Objects.equals(connection.tokenUserId(), userId), event, payload);
  }

  /** How many sockets follow the channel. */
  public int subscribers(String channel) {
    Map<Connection, String> followers = channels.get(channel);
    return followers == null ? 0 : followers.size();
  }

  void join(String channel, Connection connection, String topic) {
    channels.computeIfAbsent(channel, key -> new ConcurrentHashMap<>()).put(connection, topic);
  }

  void leave(String channel, Connection connection) {
    channels.computeIfPresent(channel, (key, followers) -> {
      followers.remove(connection);
      return followers.isEmpty() ? null : followers;
    });
  }

  void leaveAll(Connection connection) {
    for (String channel : Set.copyOf(channels.keySet())) {
      leave(channel, connection);
    }
  }

  private void broadcast(String channel, Predicate<Connection> allowed, String event, Object payload) {
    Map<Connection, String> followers = channels.get(channel);
    if (followers == null) {
      return;
    }
    // one frame per distinct topic spelling and protocol version, encoded once
    var v2 = new Encoded(false, event, payload);
    var v1 = new Encoded(true, event, payload);
    followers.forEach(
        (connection, topic) -> {
          if (allowed.test(connection)) {
            connection.send((connection.v1() ? v1 : v2).frame(topic));
          }
        });
  }

  /** The frames of one broadcast in one protocol version, by topic spelling. */
  private final class Encoded {
    private final boolean v1;
    private final String event;
    private final Object payload;
    // nearly always a single spelling: checked before the map
    private String lastTopic;
    private TextMessage lastFrame;
    private Map<String, TextMessage> others;

    Encoded(boolean v1, String event, Object payload) {
      this.v1 = v1;
      this.event = event;
      this.payload = payload;
    }

    TextMessage frame(String topic) {
      if (topic.equals(lastTopic)) {
        return lastFrame;
      }
      if (lastTopic == null) {
        lastTopic = topic;
        lastFrame = frames.broadcast(v1, topic, event, payload);
        return lastFrame;
      }
      if (others == null) {
        others = new HashMap<>(4);
      }
      return others.computeIfAbsent(topic, t -> frames.broadcast(v1, t, event, payload));
    }
  }
}
