package net.codestats.live;

import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.socket.LiveSockets;
import net.codestats.xp.AggregatesRebuilt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When a user's figures were recomputed (XP removed or restored by a correction, a machine
 * deleted, languages re-aliased), open pages of their profile are told to fetch them again:
 * a {@code refetch} push on the profile topic, once the change has committed. Clients that do
 * not know the event ignore it (the Phoenix client calls only the handlers bound to an event).
 * A private profile's push goes to its owner only, as its pulses do. A correction made on
 * another node arrives here as the same event, so pages open on this node refetch too.
 */
@Component
class LiveRefetch {

  static final String REFETCH = "refetch";

  private final LiveSockets sockets;
  private final Accounts accounts;

  LiveRefetch(LiveSockets sockets, Accounts accounts) {
    this.sockets = sockets;
    this.accounts = accounts;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAggregatesRebuilt(AggregatesRebuilt rebuilt) {
    var user = accounts.lookUp(rebuilt.userId());
    if (user.isEmpty()) {
      return;
    }
    String channel = LiveTopics.userChannel(rebuilt.userId());
    if (user.map(User::privateProfile).orElse(false)) {
      sockets.broadcastToTokenHolder(channel, rebuilt.userId(), REFETCH, Map.of());
    } else {
      sockets.broadcast(channel, REFETCH, Map.of());
    }
  }
}
