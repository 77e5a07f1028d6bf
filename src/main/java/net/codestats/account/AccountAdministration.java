package net.codestats.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the admin area needs of accounts, disabled ones included (every other look-up leaves
 * those out): search, counts, disabling, and the addresses of a mass mail.
 */
@Service
public class AccountAdministration {

  private static final String COLUMNS = "id, username, email, private_profile, disabled, mail_opt_out, created_at";

  /** An account as the admin area lists it. */
  public record Account(
      long id,
      String username,
      String email,
      boolean privateProfile,
      boolean disabled,
      boolean mailOptOut,
      Instant createdAt) {}

  /** A mass mail's recipient: an address in force, not opted out, not disabled. */
  public record Recipient(long userId, String username, String email) {}

  private final JdbcClient jdbc;
  private final UserSessions sessions;
  private final PersistentTokenRepository rememberedLogins;
  private final ApplicationEventPublisher events;

  AccountAdministration(
      JdbcClient jdbc, UserSessions sessions, PersistentTokenRepository rememberedLogins,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.sessions = sessions;
    this.rememberedLogins = rememberedLogins;
    this.events = events;
  }

  /** Accounts whose name or address contains {@code query} (all when blank), by name. */
  public List<Account> search(String query, int limit, long offset) {
    return jdbc.sql(
        "select " + COLUMNS + """
             from users
            where :q = '' or strpos(lower(username), lower(:q)) > 0 or strpos(lower(coalesce(email, '')), lower(:q)) > 0
            order by lower(username), id limit :limit offset :offset""")
        .param("q", query)
        .param("limit", limit)
        .param("offset", offset)
        .query(AccountAdministration::account)
        .list();
  }

  public long count(String query) {
    return jdbc.sql(
        """
            select count(*) from users
            where :q = '' or strpos(lower(username), lower(:q)) > 0 or strpos(lower(coalesce(email, '')), lower(:q)) > 0""")
        .param("q", query)
        .query(Long.class)
        .single();
  }

  public Optional<Account> find(long userId) {
    return jdbc.sql("select " + COLUMNS + " from users where id = ?")
        .param(userId)
        .query(AccountAdministration::account)
        .optional();
  }

  /** By exact name (case-insensitively), disabled accounts included. */
  public Optional<Account> findByUsername(String username) {
    if (Usernames.cannotExist(username)) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from users where lower(username) = lower(?)")
        .param(username)
        .query(AccountAdministration::account)
        .optional();
  }

  /** Account ids of these names (case-insensitively); unknown names are left out. */
  public List<Long> idsOf(List<String> usernames) {
    if (usernames.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select id from users where lower(username) = any(?)")
        .param(usernames.stream().map(String::toLowerCase).toArray(String[]::new))
        .query(Long.class)
        .list();
  }

  /**
   * Disables or enables an account. Disabling ends its sessions and remembered log-ins and
   * moves its credentials generation on (its live channel tokens die); from then on log-ins
   * fail, its machine tokens are refused and its profile is not found. Nothing is deleted.
   */
  @Transactional
  public boolean setDisabled(long userId, boolean disabled) {
    var username =
        jdbc.sql(
            """
                update users set disabled = ?, credentials_generation = credentials_generation + 1
                where id = ? and disabled <> ? returning username""")
            .params(disabled, userId, disabled)
            .query(String.class)
            .optional();
    if (username.isEmpty()) {
      return false;
    }
    if (disabled) {
      rememberedLogins.removeUserTokens(username.get());
      sessions.endAll(username.get(), null);
    }
    events.publishEvent(new AccountChanged(userId));
    events.publishEvent(new CredentialsChanged(userId));
    return true;
  }

  public record Counts(long users, long disabled, long withAddress, long mailable) {}

  public Counts counts() {
    return jdbc.sql(
        """
            select count(*) as users, count(*) filter (where disabled) as disabled,
                   count(*) filter (where email is not null) as with_address,
                   count(*) filter (where email is not null and not mail_opt_out and not disabled) as mailable
            from users""")
        .query((rs, i) -> new Counts(
            rs.getLong("users"), rs.getLong("disabled"), rs.getLong("with_address"), rs.getLong("mailable")))
        .single();
  }

  /** A page of a mass mail's recipients by id, after {@code afterId}. */
  public List<Recipient> recipientsAfter(long afterId, int limit) {
    return jdbc.sql(
        """
            select id, username, email from users
            where id > ? and email is not null and not mail_opt_out and not disabled
            order by id limit ?""")
        .params(afterId, limit)
        .query((rs, i) -> new Recipient(rs.getLong("id"), rs.getString("username"), rs.getString("email")))
        .list();
  }

  /**
   * Those of the users who still want mail, with their address as it is now: a user who opted
   * out, lost the address or was disabled after a mass mail began gets none.
   */
  public List<Recipient> stillRecipients(List<Long> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
        """
            select id, username, email from users
            where id = any(?) and email is not null and not mail_opt_out and not disabled order by id""")
        .param(userIds.stream().mapToLong(Long::longValue).toArray())
        .query((rs, i) -> new Recipient(rs.getLong("id"), rs.getString("username"), rs.getString("email")))
        .list();
  }

  private static Account account(ResultSet rs, int row) throws SQLException {
    return new Account(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("email"),
        rs.getBoolean("private_profile"),
        rs.getBoolean("disabled"),
        rs.getBoolean("mail_opt_out"),
        rs.getTimestamp("created_at").toInstant());
  }
}
