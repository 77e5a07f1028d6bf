package net.codestats.account;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import net.codestats.mail.Mailer;
import net.codestats.system.CodeStatsProperties;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset links: a random token mailed to the account's confirmed address, valid 4
 * hours and once. Only its SHA-256 is stored. Every open link of an account dies with a
 * password change, a reset and an e-mail change ({@link Accounts}).
 */
@Service
class PasswordResets {

  private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);
  static final Duration VALID_FOR = Duration.ofHours(4);

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Mailer mailer;
  private final CodeStatsProperties properties;
  private final Clock clock;

  PasswordResets(
      JdbcClient jdbc, Accounts accounts, Mailer mailer, CodeStatsProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.mailer = mailer;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Mails a link to every account the name or address names that has a confirmed address: an
   * address nobody confirmed may belong to someone else than the account's owner.
   */
  @Transactional
  void request(String usernameOrEmail) {
    for (User user : accounts.findByUsernameOrEmail(usernameOrEmail)) {
      if (user.email() == null || !accounts.emailConfirmed(user.id())) {
        continue;
      }
      String token = LinkTokens.create();
      jdbc.sql("insert into password_resets (token_hash, user_id, expires_at) values (?, ?, ?)")
          .params(LinkTokens.hash(token), user.id(), OffsetDateTime.now(clock).plus(VALID_FOR))
          .update();
      String link = LinkTokens.url(properties, "/reset-password/" + token);
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
    if (!LinkTokens.plausible(token)) {
      return Optional.empty();
    }
    return jdbc.sql("select user_id from password_resets where token_hash = ? and expires_at > ?")
        .params(LinkTokens.hash(token), OffsetDateTime.now(clock))
        .query(Long.class)
        .optional();
  }

  /**
   * Sets the new password and uses the token up (setting the password ends every other link of
   * the account).
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
        jdbc.sql("delete from password_resets where token_hash = ?").param(LinkTokens.hash(token)).update();
    if (deleted == 0) {
      return Optional.empty(); // used concurrently
    }
    accounts.setPassword(user.get(), newPassword);
    return accounts.findById(user.get()).map(User::username);
  }

  @SchedulerLock(name = "password resets purge", lockAtLeastFor = "PT5M")
  @Scheduled(cron = "0 17 3 * * *")
  void purgeExpired() {
    int purged =
        jdbc.sql("delete from password_resets where expires_at <= ?").param(OffsetDateTime.now(clock)).update();
    log.info("Purged {} expired password reset links", purged);
  }
}
