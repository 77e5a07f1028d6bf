package net.codestats.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User accounts: creation, look-up and the profile's visibility. */
@Service
public class Accounts {

  public static final int MAX_USERNAME_LENGTH = 64;
  private static final String FORBIDDEN_USERNAME_CHARS = "/#%?&=+";
  private static final String COLUMNS = "id, username, email, private_profile, created_at";

  private final JdbcClient jdbc;
  // Argon2id for new hashes; bcrypt hashes (from imported accounts) still verify.
  private final PasswordEncoder passwords =
      new DelegatingPasswordEncoder(
          "argon2",
          Map.of(
              "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
              "bcrypt", new BCryptPasswordEncoder()));

  Accounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional
  public User create(String username, String password, String email) {
    validateUsername(username);
    if (password == null || password.length() < 8) {
      throw new AccountException("Password must be at least 8 characters long.");
    }
    try {
      return jdbc.sql(
              "insert into users (username, password_hash, email) values (?, ?, ?) returning " + COLUMNS)
          .params(username, passwords.encode(password), blankToNull(email))
          .query(Accounts::user)
          .single();
    } catch (DuplicateKeyException e) {
      throw new AccountException("Username is already taken.");
    }
  }

  /** Case-insensitive look-up, as every public path does. */
  public Optional<User> findByUsername(String username) {
    return jdbc.sql("select " + COLUMNS + " from users where lower(username) = lower(?)")
        .param(username)
        .query(Accounts::user)
        .optional();
  }

  public Optional<User> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from users where id = ?")
        .param(id)
        .query(Accounts::user)
        .optional();
  }

  @Transactional
  public void setPrivateProfile(long userId, boolean privateProfile) {
    jdbc.sql("update users set private_profile = ? where id = ?").params(privateProfile, userId).update();
  }

  static void validateUsername(String username) {
    if (username == null) {
      throw new AccountException("Username is required.");
    }
    int length = username.codePointCount(0, username.length());
    if (length < 1 || length > MAX_USERNAME_LENGTH) {
      throw new AccountException("Username must be 1–64 characters long.");
    }
    if (username.chars().anyMatch(c -> FORBIDDEN_USERNAME_CHARS.indexOf(c) >= 0)) {
      throw new AccountException("Username must not contain any of " + FORBIDDEN_USERNAME_CHARS);
    }
    if (username.codePoints().anyMatch(Character::isISOControl) || !username.equals(username.strip())) {
      throw new AccountException("Username must not contain control characters or surrounding spaces.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static User user(ResultSet rs, int row) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("email"),
        rs.getBoolean("private_profile"),
        rs.getTimestamp("created_at").toInstant());
  }
}
