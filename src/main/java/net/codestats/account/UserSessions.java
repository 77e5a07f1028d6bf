package net.codestats.account;

import java.security.MessageDigest;
import java.util.function.Function;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
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
    for (Object principal : registry.getAllPrincipals()) {
      if (principal instanceof UserDetails user && user.getUsername().equals(username)) {
        for (SessionInformation session : registry.getAllSessions(principal, false)) {
          if (!session.getSessionId().equals(keepSessionId)) {
            session.expireNow();
          }
        }
      }
    }
  }

  /**
   * Whether a session of the user whose id hashes to {@code sessionHash} is logged in: not
   * logged out, not expired, not ended by {@link #endAll}.
   */
  boolean isLoggedIn(long userId, String username, byte[] sessionHash, Function<String, byte[]> hash) {
    // the registry keys principals by username (UserDetails equality)
    var principal = new SignedInUser(userId, username, "");
    for (SessionInformation session : registry.getAllSessions(principal, false)) {
      if (MessageDigest.isEqual(hash.apply(session.getSessionId()), sessionHash)) {
        return true;
      }
    }
    return false;
  }
}
