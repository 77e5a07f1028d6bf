package net.codestats.profile;

import java.security.Principal;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.stereotype.Component;

/** Who may see which profile: public ones to everybody, private ones to their owner only. */
@Component
class ProfileAccess {

  private final Accounts accounts;

  ProfileAccess(Accounts accounts) {
    this.accounts = accounts;
  }

  /** The user named (case-insensitively), if the viewer may see the profile. */
  Optional<User> visible(String username, Principal viewer) {
    return accounts.lookUp(username).filter(user -> !user.privateProfile() || isOwner(user, viewer));
  }

  static boolean isOwner(User user, Principal viewer) {
    return viewerName(viewer) != null && viewerName(viewer).equalsIgnoreCase(user.username());
  }

  /** The logged-in user's name, or null for anonymous viewers. */
  static String viewerName(Principal viewer) {
    if (viewer == null || viewer instanceof AnonymousAuthenticationToken) {
      return null;
    }
    return viewer.getName();
  }
}
