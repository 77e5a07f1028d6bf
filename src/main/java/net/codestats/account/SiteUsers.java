package net.codestats.account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Spring Security's view of accounts: usernames match case-insensitively and the principal
 * carries the stored spelling. After a successful log-in with an old hash (bcrypt, from
 * imported accounts), Spring Security hands the Argon2id rehash to {@link #updatePassword}.
 */
@Component
class SiteUsers implements UserDetailsService, UserDetailsPasswordService {

  private final JdbcClient jdbc;

  SiteUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    if (username == null || username.indexOf('\u0000') >= 0) {
      throw new UsernameNotFoundException("No such user");
    }
    return jdbc.sql(
            "select id, username, password_hash from users where lower(username) = lower(?) and password_hash is not null")
        .param(username == null ? "" : username)
        .query((rs, i) -> new SignedInUser(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash")))
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("No such user"));
  }

  @Override
  public UserDetails updatePassword(UserDetails user, String newEncodedPassword) {
    jdbc.sql("update users set password_hash = ? where username = ?")
        .params(newEncodedPassword, user.getUsername())
        .update();
    long id = user instanceof SignedInUser signedIn ? signedIn.userId() : -1;
    return new SignedInUser(id, user.getUsername(), newEncodedPassword);
  }
}
