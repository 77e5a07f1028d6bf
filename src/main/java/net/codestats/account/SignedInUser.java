package net.codestats.account;

import java.util.List;
import net.codestats.web.UserIdentity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** The logged-in principal: its name is the stored username; it also knows the user id. */
final class SignedInUser extends User implements UserIdentity {

  private final long userId;

  SignedInUser(long userId, String username, String passwordHash) {
    super(username, passwordHash, List.of(new SimpleGrantedAuthority("ROLE_USER")));
    this.userId = userId;
  }

  @Override
  public long userId() {
    return userId;
  }
}
