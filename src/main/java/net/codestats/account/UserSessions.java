package net.codestats.account;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/** Ends a user's logged-in browser sessions, e.g. the other ones after a password change. */
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
}
