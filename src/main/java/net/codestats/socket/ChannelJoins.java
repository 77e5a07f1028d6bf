package net.codestats.socket;

import java.util.Optional;

/**
 * What a feed serves over the live socket: it decides the joins of its topics. The socket asks
 * each of these beans in turn; a topic none of them serves gets "unmatched topic".
 */
public interface ChannelJoins {

  /**
   * @param topic as the client wrote it
   * @param tokenUserId the user whose channel token opened the socket, or null
   * @return the decision, or empty if the topic is not one of these
   */
  Optional<JoinDecision> join(String topic, Long tokenUserId);
}
