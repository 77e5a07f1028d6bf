package net.codestats.account;

import java.security.MessageDigest;
import java.util.function.Function;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/**
 * The logged-in browser sessions of users: ends them (the other ones after a password change),
 * and tells whether one is still logged in (for credentials bound to it).
 */
@Component
class UserSessions {

  private final SessionRegistry registry;

  UserSessions(SessionRegistry registry) {
    this.registry = registry;
  }

  /** Ends every session of {@code username} except {@code keepSessionId} (may be null). */
  void endAll(String username, String keepSessionId) {
    // by name: the shared registry cannot list every principal
    for (SessionInformation session : registry.getAllSessions(principalNamed(0, username), false)) {
      if (!session.getSessionId().equals(keepSessionId)) {
        session.expireNow();
      }
    }
  }

  /**
   * Stands for the user in the registry, which keys principals by username: in this JVM's
   * registry through {@code UserDetails} equality, in the shared one through the name.
   */
  private static SignedInUser principalNamed(long userId, String username) {
    return new SignedInUser(userId, username, "");
  }

  /**
   * Whether a session of the user whose id hashes to {@code sessionHash} is logged in: not
   * logged out, not expired, not ended by {@link #endAll}.
   */
  boolean isLoggedIn(long userId, String username, byte[] sessionHash, Function<String, byte[]> hash) {
    for (SessionInformation session : registry.getAllSessions(principalNamed(userId, username), false)) {
      if (MessageDigest.isEqual(hash.apply(session.getSessionId()), sessionHash)) {
        return true;
      }
    }
    return false;
  }
}
