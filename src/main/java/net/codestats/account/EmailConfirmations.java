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
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recovery address counts only once its owner has opened a link mailed to it: a stolen
 * session must not be able to point password resets elsewhere. A change needs the current
 * password, keeps the old address in force until the new one is confirmed, and tells the old
 * address. Links work once, within 24 hours; only their SHA-256 is stored.
 */
@Service
class EmailConfirmations {

  private static final Logger log = LoggerFactory.getLogger(EmailConfirmations.class);
  static final Duration VALID_FOR = Duration.ofHours(24);
  static final String WRONG_PASSWORD = "Your current password is needed to change the e-mail address.";

  /** What a confirmation link confirms. */
  record Pending(long userId, String username, String email) {}

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Mailer mailer;
  private final CodeStatsProperties properties;
  private final Clock clock;

  EmailConfirmations(
      JdbcClient jdbc, Accounts accounts, Mailer mailer, CodeStatsProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.mailer = mailer;
    this.properties = properties;
    this.clock = clock;
  }

  /** The address given at sign-up is in use at once but confirmed the same way. */
  @EventListener
  void accountCreated(AccountCreated created) {
    if (created.user().email() != null) {
      mailLink(created.user().id(), created.user().username(), created.user().email());
    }
  }

  /**
   * Changes the recovery address: {@code newEmail} is mailed a link and takes over once it is
   * opened; blank removes the address at once. The address in force changes nothing.
   *
   * @return whether a link was mailed
   */
  @Transactional
  boolean change(long userId, String currentPassword, String newEmail) {
    String wanted = Accounts.validEmail(newEmail);
    AccountDetails account = accounts.details(userId).orElseThrow(() -> new AccountException("Account not found."));
    if (wanted == null ? account.email() == null : wanted.equalsIgnoreCase(account.email())) {
      return false; // the address in force, as the form shows it: a pending change stays pending
    }
    boolean confirmed = accounts.emailConfirmed(userId);
    accounts.checkPassword(userId, currentPassword, WRONG_PASSWORD);
    if (confirmed) {
      tellOldAddress(account.email(), account.username(), wanted);
    }
    if (wanted == null) {
      accounts.removeEmail(userId);
      return false;
    }
    mailLink(userId, account.username(), wanted);
    return true;
  }

  /** Mails the link for the address waiting for confirmation once more (the old link dies). */
  @Transactional
  Optional<String> resend(long userId) {
    Optional<String> waiting = waitingFor(userId);
    waiting.ifPresent(
        email -> mailLink(userId, accounts.details(userId).orElseThrow().username(), email));
    return waiting;
  }

  /**
   * The address that is not in force until its owner confirms it: a pending change, else an
   * unconfirmed address from sign-up.
   */
  Optional<String> waitingFor(long userId) {
    return jdbc.sql(
        """
            select email from email_confirmations where user_id = ? and expires_at > ?
            union all
            select email from users where id = ? and email is not null and not email_confirmed
            limit 1""")
        .params(userId, OffsetDateTime.now(clock), userId)
        .query(String.class)
        .optional();
  }

  /** What a still valid link would confirm. */
  Optional<Pending> pending(String token) {
    if (!LinkTokens.plausible(token)) {
      return Optional.empty();
    }
    return jdbc.sql(
        """
            select c.user_id, u.username, c.email from email_confirmations c join users u on u.id = c.user_id
            where c.token_hash = ? and c.expires_at > ?""")
        .params(LinkTokens.hash(token), OffsetDateTime.now(clock))
        .query((rs, i) -> new Pending(rs.getLong("user_id"), rs.getString("username"), rs.getString("email")))
        .optional();
  }

  /** Makes the link's address the account's; the link (and every other of the account) is used up. */
  @Transactional
  Optional<Pending> confirm(String token) {
    Optional<Pending> pending = pending(token);
    if (pending.isEmpty()
        || jdbc.sql("delete from email_confirmations where token_hash = ?").param(LinkTokens.hash(token))
            .update() == 0) {
      return Optional.empty(); // unknown, expired or used concurrently
    }
    accounts.confirmEmail(pending.get().userId(), pending.get().email());
    log.info("E-mail address confirmed for user {}", pending.get().userId());
    return pending;
  }

  @SchedulerLock(name = "email confirmations purge", lockAtLeastFor = "PT5M")
  @Scheduled(cron = "0 19 3 * * *")
  void purgeExpired() {
    int purged =
        jdbc.sql("delete from email_confirmations where expires_at <= ?").param(OffsetDateTime.now(clock)).update();
    log.info("Purged {} expired e-mail confirmation links", purged);
  }

  private void mailLink(long userId, String username, String email) {
    // one open link per account: the newest address asked for is the one that counts
    jdbc.sql("delete from email_confirmations where user_id = ?").param(userId).update();
    String token = LinkTokens.create();
    jdbc.sql("insert into email_confirmations (token_hash, user_id, email, expires_at) values (?, ?, ?, ?)")
        .params(LinkTokens.hash(token), userId, email, OffsetDateTime.now(clock).plus(VALID_FOR))
        .update();
    mailer.send(
        email,
        "Confirm your e-mail address for Code::Stats",
        """
        Hi %s,

        this address was given for the Code::Stats account "%s". Open this link to confirm
        that it is yours; password reset links are mailed to it only after that. The link
        works once, within 24 hours:

        %s

        If you did not ask for this, ignore this mail: the address will not be used.
        """
            .formatted(username, username, LinkTokens.url(properties, "/confirm-email/" + token)));
  }

  private void tellOldAddress(String oldEmail, String username, String newEmail) {
    mailer.send(
        oldEmail,
        "Your Code::Stats e-mail address is being changed",
        (newEmail == null
            ? """
                Hi %s,

                the e-mail address of your Code::Stats account was removed: password reset
                links can no longer be mailed to this address.
                """
                .formatted(username)
            : """
                Hi %s,

                someone logged in to your Code::Stats account asked to change its e-mail address
                to %s. This address stays in force until the link mailed there is opened.
                """
                .formatted(username, newEmail))
            + """

            If this was not you, log in and change your password: that cancels a pending change
            and logs out every other session.
            """);
  }
}
