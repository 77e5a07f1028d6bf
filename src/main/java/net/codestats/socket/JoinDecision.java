package net.codestats.socket;

import java.util.function.Supplier;

/**
 * A join accepted into a channel ({@link LiveSockets}' key for its broadcasts), with the ok
 * reply's response made once the socket has joined; or refused, with the error reply's.
 */
public record JoinDecision(String channel, Supplier<?> response) {

  public static JoinDecision accept(String channel, Supplier<?> response) {
    return new JoinDecision(channel, response);
  }

  public static JoinDecision refuse(Object response) {
    return new JoinDecision(null, () -> response);
  }

  public boolean accepted() {
    return channel != null;
  }
}
