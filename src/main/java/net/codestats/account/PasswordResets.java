package net.codestats.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import net.codestats.mail.Mailer;
import net.codestats.system.CodeStatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset links: a random token mailed to the account's address, valid 4 hours and
 * once. Only its SHA-256 is stored.
 */
@Service
class PasswordResets {

  private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);
  static final Duration VALID_FOR = Duration.ofHours(4);
  private static final int TOKEN_BYTES = 32;

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Mailer mailer;
  private final CodeStatsProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  PasswordResets(
      JdbcClient jdbc, Accounts accounts, Mailer mailer, CodeStatsProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.mailer = mailer;
    this.properties = properties;
    this.clock = clock;
  }

  /** Mails a link to every account the name or address names that has an e-mail address. */
  @Transactional
  void request(String usernameOrEmail) {
    for (User user : accounts.findByUsernameOrEmail(usernameOrEmail)) {
      if (user.email() == null) {
        continue;
      }
      byte[] bytes = new byte[TOKEN_BYTES];
      random.nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      jdbc.sql("insert into password_resets (token_hash, user_id, expires_at) values (?, ?, ?)")
          .params(hash(token), user.id(), OffsetDateTime.now(clock).plus(VALID_FOR))
          .update();
      String link = properties.publicUrl().toString().replaceAll("/+$", "") + "/reset-password/" + token;
      mailer.send(
          user.email(),
          "Code::Stats password reset",
          """
          Hi %s,

          someone (hopefully you) asked to reset the password of your Code::Stats account.
          Open this link to choose a new password. It works once, within 4 hours:

          %s

          If you did not ask for this, ignore this mail: your password stays as it is.
          """
              .formatted(user.username(), link));
      log.info("Password reset link created for user {}", user.id());
    }
  }

  /** The user a still valid, unused token belongs to. */
  Optional<Long> userOf(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql("select user_id from password_resets where token_hash = ? and expires_at > ?")
        .params(hash(token), OffsetDateTime.now(clock))
        .query(Long.class)
        .optional();
  }

  /**
   * Sets the new password and uses the token up (with every other link of the account).
   *
   * @return the account's username; empty when the token is unknown, used or expired
   */
  @Transactional
  Optional<String> reset(String token, String newPassword) {
    Accounts.validatePassword(newPassword);
    Optional<Long> user = userOf(token);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    int deleted =
        jdbc.sql("delete from password_resets where token_hash = ?").param(hash(token)).update();
    if (deleted == 0) {
      return Optional.empty(); // used concurrently
    }
    jdbc.sql("delete from password_resets where user_id = ?").param(user.get()).update();
    accounts.setPassword(user.get(), newPassword);
    return accounts.findById(user.get()).map(User::username);
  }

  @Scheduled(cron = "0 17 3 * * *")
  void purgeExpired() {
    int purged =
        jdbc.sql("delete from password_resets where expires_at <= ?").param(OffsetDateTime.now(clock)).update();
    log.info("Purged {} expired password reset links", purged);
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
