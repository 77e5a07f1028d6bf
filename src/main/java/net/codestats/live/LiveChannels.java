package net.codestats.live;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.socket.ChannelJoins;
import net.codestats.socket.JoinDecision;
import org.springframework.stereotype.Component;

/**
 * Who may follow what: anyone the front page (the join reply carries the XP chart), anyone a
 * public profile, only its owner (by their channel token) a private one.
 */
@Component
class LiveChannels implements ChannelJoins {

  static final Map<String, String> UNAUTHORIZED = Map.of("reason", "Unauthorized.");

  private final XpHistory history;
  private final Accounts accounts;

  LiveChannels(XpHistory history, Accounts accounts) {
    this.history = history;
    this.accounts = accounts;
  }

  @Override
  public Optional<JoinDecision> join(String topic, Long tokenUserId) {
    if (LiveTopics.FRONTPAGE.equals(topic)) {
      return Optional.of(
          JoinDecision.accept(LiveTopics.FRONTPAGE, () -> Map.of("xp_history", history.snapshot())));
    }
    if (topic.startsWith(LiveTopics.USER_PREFIX)) {
      Optional<User> user = followable(topic.substring(LiveTopics.USER_PREFIX.length()), tokenUserId);
      return Optional.of(
          user.isEmpty()
              ? JoinDecision.refuse(UNAUTHORIZED)
              : JoinDecision.accept(LiveTopics.userChannel(user.get().id()), Map::of));
    }
    return Optional.empty();
  }

  private Optional<User> followable(String username, Long tokenUserId) {
    return accounts.lookUp(username).filter(user -> !user.privateProfile() || Objects.equals(tokenUserId, user.id()));
  }
}
