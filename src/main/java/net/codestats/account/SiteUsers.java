package net.codestats.account;

import net.codestats.system.VisibleNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Spring Security's view of accounts: usernames match case-insensitively and the principal
 * carries the stored spelling (a name typed in another Unicode form, such as fullwidth
 * letters, finds the NFKC form that sign-up stored). After a successful log-in with an old
 * hash (bcrypt, from imported accounts), Spring Security hands the Argon2id rehash to
 * {@link #updatePassword}. A disabled account is not found (its log-ins and remembered log-ins
 * fail like a wrong password).
 */
@Component
class SiteUsers implements UserDetailsService, UserDetailsPasswordService {

  private final JdbcClient jdbc;

  SiteUsers(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    if (Usernames.cannotExist(username)) {
      throw new UsernameNotFoundException("No such user");
    }
    // names are stored in NFKC form since sign-up normalises them; older ones as they were typed
    String normalised = VisibleNames.normalise(username);
    return jdbc.sql(
        """
            select id, username, password_hash from users
            where lower(username) in (lower(?), lower(?)) and password_hash is not null and not disabled
            order by lower(username) = lower(?) desc limit 1""")
        .params(username, normalised, username)
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
