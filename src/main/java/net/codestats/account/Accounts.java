package net.codestats.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.codestats.machine.Machines;
import net.codestats.mail.Mailer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User accounts: creation, look-up, preferences, passwords, consent and deletion. */
@Service
public class Accounts {

  public static final int MAX_USERNAME_LENGTH = 64;
  public static final int MIN_PASSWORD_LENGTH = 8;
  // Argon2 copes with long input; the cap only bounds the work one request can cause.
  public static final int MAX_PASSWORD_LENGTH = 1024;
  private static final String COLUMNS = "id, username, email, private_profile, created_at";

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final CurrentTerms terms;
  private final PersistentTokenRepository rememberedLogins;
  private final ApplicationEventPublisher events;
  private final Machines machines;
  private final AccountLookups lookups;

  Accounts(
      JdbcClient jdbc,
      PasswordEncoder passwords,
      CurrentTerms terms,
      PersistentTokenRepository rememberedLogins,
      ApplicationEventPublisher events,
      Machines machines,
      AccountLookups lookups) {
    this.jdbc = jdbc;
    this.lookups = lookups;
    this.machines = machines;
    this.passwords = passwords;
    this.terms = terms;
    this.rememberedLogins = rememberedLogins;
    this.events = events;
  }

  /**
   * Creates an account that has accepted the current legal terms (the caller has obtained the
   * consent). The name is stored in its NFKC form, with its confusable skeleton, whose unique
   * index refuses a look-alike of an existing name even when both are created at once.
   */
  @Transactional
  public User create(String username, String password, String email) {
    String name = Usernames.valid(username);
    validatePassword(password, name);
    String validEmail = validEmail(email);
    String skeleton = Usernames.skeleton(name);
    requireAvailable(name, skeleton);
    try {
      return created(jdbc.sql(
          "insert into users (username, username_skeleton, password_hash, email, terms_accepted) values (?, ?, ?, ?, ?) returning "
              + COLUMNS)
          .params(name, skeleton, passwords.encode(password), validEmail, terms.currentVersion())
          .query(Accounts::user)
          .single());
    } catch (DuplicateKeyException e) {
      throw String.valueOf(e.getMessage()).contains("users_username_skeleton_key") ? tooSimilar() : taken();
    }
  }

  /**
   * Everything wrong with a sign-up, at most one message per field ({@code username},
   * {@code password}, {@code email}), so that a form can show them all at once; empty when
   * {@link #create} would accept it (but for a name taken meanwhile).
   */
  public Map<String, String> signupProblems(String username, String password, String email) {
    Map<String, String> problems = new LinkedHashMap<>();
    String name = null;
    try {
      name = Usernames.valid(username);
      requireAvailable(name, Usernames.skeleton(name));
    } catch (AccountException e) {
      problems.put("username", e.getMessage());
    }
    try {
      validatePassword(password, name == null ? username : name);
    } catch (AccountException e) {
      problems.put("password", e.getMessage());
    }
    try {
      validEmail(email);
    } catch (AccountException e) {
      problems.put("email", e.getMessage());
    }
    return problems;
  }

  private void requireAvailable(String name, String skeleton) {
    var existing =
        jdbc.sql(
            "select lower(username) = lower(?) from users where lower(username) = lower(?) or username_skeleton = ? limit 1")
            .params(name, name, skeleton)
            .query(Boolean.class)
            .optional();
    if (existing.isPresent()) {
      throw existing.get() ? taken() : tooSimilar();
    }
  }

  private static AccountException taken() {
    return new AccountException("Username is already taken.");
  }

  private static AccountException tooSimilar() {
    return new AccountException(
        "Username looks too much like an existing one: choose one that cannot be mistaken for it.");
  }

  /** Tells the listeners (the mail confirming the address given at sign-up) of a new account. */
  private User created(User user) {
    events.publishEvent(new AccountCreated(user));
    return user;
  }

  /** Case-insensitive look-up, as every public path does. */
  public Optional<User> findByUsername(String username) {
    if (Usernames.cannotExist(username)) {
      return Optional.empty();
    }
    // a disabled account is not found: its profile, avatar and tokens answer as for nobody
    return jdbc.sql("select " + COLUMNS + " from users where lower(username) = lower(?) and not disabled")
        .param(username)
        .query(Accounts::user)
        .optional();
  }

  /**
   * {@link #findByUsername} for the public read paths (profiles, avatars, the live socket),
   * which a busy profile hits on every request: answered from memory ({@link AccountLookups}),
   * with changes made on this node seen once committed and changes made on another node once
   * its message arrives (within the cache's expiry if it is lost).
   */
  public Optional<User> lookUp(String username) {
    // no such name can exist: not worth a query or a cache entry
    if (Usernames.cannotExist(username)) {
      return Optional.empty();
    }
    return lookups.lookUp(username, () -> findByUsername(username));
  }

  /** {@link #findById} for the same paths (live pushes), on the same terms as {@link #lookUp(String)}. */
  public Optional<User> lookUp(long id) {
    return lookups.lookUp(id, () -> findById(id));
  }

  /** Tells the listeners (the look-up cache) that what a look-up shows of the account changed. */
  private void changed(long userId) {
    events.publishEvent(new AccountChanged(userId));
  }

  public Optional<User> findById(long id) {
    return jdbc.sql("select " + COLUMNS + " from users where id = ? and not disabled")
        .param(id)
        .query(Accounts::user)
        .optional();
  }

  /** The users whose profile is private (a disabled account's is, to everybody). */
  public long[] privateUserIds() {
    return jdbc.sql("select id from users where private_profile or disabled")
        .query(Long.class)
        .list()
        .stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** A page of account ids in order, after {@code afterId}: for jobs that walk all accounts. */
  public List<Long> idsAfter(long afterId, int limit) {
    return jdbc.sql("select id from users where id > ? order by id limit ?")
        .params(afterId, limit)
        .query(Long.class)
        .list();
  }

  /** Accounts that a password reset request names: by username, else by e-mail address. */
  List<User> findByUsernameOrEmail(String usernameOrEmail) {
    String given = usernameOrEmail == null ? "" : usernameOrEmail.strip();
    if (given.isEmpty() || given.indexOf('\u0000') >= 0) {
      return List.of();
    }
    var byName = findByUsername(given);
    if (byName.isPresent()) {
      return List.of(byName.get());
    }
    return jdbc.sql("select " + COLUMNS + " from users where lower(email) = lower(?) order by id")
        .param(given)
        .query(Accounts::user)
        .list();
  }

  public Optional<AccountDetails> details(long userId) {
    return jdbc.sql(
        "select id, username, email, gravatar_email, private_profile, terms_accepted, created_at from users where id = ?")
        .param(userId)
        .query(
            (rs, i) -> new AccountDetails(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("gravatar_email"),
                rs.getBoolean("private_profile"),
                rs.getObject("terms_accepted", LocalDate.class),
                rs.getTimestamp("created_at").toInstant()))
        .optional();
  }

  @Transactional
  public void setPrivateProfile(long userId, boolean privateProfile) {
    jdbc.sql("update users set private_profile = ? where id = ?").params(privateProfile, userId).update();
    changed(userId);
  }

  /**
   * The user details tab: private profile and Gravatar e-mail. The recovery address changes only
   * through {@link EmailConfirmations}: it needs the password and the new address's owner.
   */
  @Transactional
  public void updateDetails(long userId, boolean privateProfile, String gravatarEmail) {
    String validGravatar = validEmail(gravatarEmail);
    jdbc.sql("update users set private_profile = ?, gravatar_email = ? where id = ?")
        .params(privateProfile, validGravatar, userId)
        .update();
    changed(userId);
  }

  /** Changes the password after checking the current one; every remembered login is revoked. */
  @Transactional
  public void changePassword(long userId, String currentPassword, String newPassword) {
    checkPassword(userId, currentPassword, "Old password was wrong!");
    setPassword(userId, newPassword);
  }

  /** Throws with {@code wrong} unless {@code password} is the account's current password. */
  void checkPassword(long userId, String password, String wrong) {
    String hash =
        jdbc.sql("select password_hash from users where id = ?")
            .param(userId)
            .query(String.class)
            .optional()
            .orElseThrow(() -> new AccountException("Account not found."));
    if (password == null || password.length() > MAX_PASSWORD_LENGTH || hash == null
        || !passwords.matches(password, hash)) {
      throw new AccountException(wrong);
    }
  }

  /**
   * Sets a new password (change or reset): every remembered login is revoked, the credentials
   * generation moves on (ending the channel tokens handed out before), and every open reset and
   * e-mail confirmation link dies.
   */
  @Transactional
  void setPassword(long userId, String newPassword) {
    String username =
        jdbc.sql("select username from users where id = ?")
            .param(userId)
            .query(String.class)
            .optional()
            .orElseThrow(() -> new AccountException("Account not found."));
    validatePassword(newPassword, username);
    jdbc.sql("update users set password_hash = ?, credentials_generation = credentials_generation + 1 where id = ?")
        .params(passwords.encode(newPassword), userId).update();
    rememberedLogins.removeUserTokens(username);
    forgetOpenLinks(userId);
    events.publishEvent(new CredentialsChanged(userId));
  }

  /** Whether the account's address in force was confirmed by its owner (resets go only there). */
  boolean emailConfirmed(long userId) {
    return jdbc.sql("select email is not null and email_confirmed from users where id = ?")
        .param(userId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /**
   * Makes {@code email} (its owner opened the link mailed to it) the account's address; every
   * open link of the account dies, reset links mailed to the old address included.
   */
  @Transactional
  void confirmEmail(long userId, String email) {
    jdbc.sql("update users set email = ?, email_confirmed = true where id = ?").params(email, userId).update();
    changed(userId);
    forgetOpenLinks(userId);
  }

  /** The account keeps no recovery address; every open link dies. */
  @Transactional
  void removeEmail(long userId) {
    jdbc.sql("update users set email = null, email_confirmed = false where id = ?").param(userId).update();
    changed(userId);
    forgetOpenLinks(userId);
  }

  private void forgetOpenLinks(long userId) {
    jdbc.sql("delete from password_resets where user_id = ?").param(userId).update();
    jdbc.sql("delete from email_confirmations where user_id = ?").param(userId).update();
  }

  /**
   * {@link #credentialsGeneration} from memory, for a new channel token: retired by every
   * password change, reset and disabling once committed, on every node.
   */
  long knownCredentialsGeneration(long userId) {
    return lookups.lookUp(new AccountLookups.CredentialsOf(userId), () -> Optional.of(credentialsGeneration(userId)))
        .orElseThrow();
  }

  /** The credentials generation, moved on by every password change and reset. */
  long credentialsGeneration(long userId) {
    return jdbc.sql("select credentials_generation from users where id = ?")
        .param(userId)
        .query(Long.class)
        .optional()
        .orElse(-1L);
  }

  /** Whether the user asked for no announcements by mail (the admin area's mass mails). */
  public boolean mailOptOut(long userId) {
    return jdbc.sql("select mail_opt_out from users where id = ?").param(userId).query(Boolean.class).optional()
        .orElse(false);
  }

  @Transactional
  public void setMailOptOut(long userId, boolean optOut) {
    jdbc.sql("update users set mail_opt_out = ? where id = ?").params(optOut, userId).update();
  }

  @Transactional
  public void acceptTerms(long userId, LocalDate version) {
    jdbc.sql("update users set terms_accepted = ? where id = ?").params(version, userId).update();
    changed(userId);
  }

  /**
   * The version of the terms the account accepted (none if it never did, or if there is no
   * such account), for the consent gate on every signed-in page: from memory, as {@link
   * #lookUp(long)}.
   */
  public Optional<LocalDate> termsAccepted(long userId) {
    return lookups.lookUp(
        new AccountLookups.TermsOf(userId),
        () -> jdbc.sql("select terms_accepted from users where id = ?")
            .param(userId)
            .query((rs, i) -> Optional.ofNullable(rs.getObject("terms_accepted", LocalDate.class)))
            .optional()
            .flatMap(accepted -> accepted));
  }

  /** {@link #delete(long)} from the preferences page, after checking the current password. */
  @Transactional
  public void delete(long userId, String currentPassword) {
    checkPassword(userId, currentPassword, "The password was wrong: the account was not deleted.");
    delete(userId);
  }

  /**
   * Deletes the account with everything of it: machines, pulses, XP, aggregates, remembered
   * logins and reset links. Listeners of {@link AccountDeleted} (the look-up and profile
   * caches) drop what they hold of it once this commits.
   */
  @Transactional
  public void delete(long userId) {
    // Through Machines, so that no cached token of the account stays valid.
    machines.deleteAllOf(userId);
    String username =
        jdbc.sql("delete from users where id = ? returning username")
            .param(userId)
            .query(String.class)
            .optional()
            .orElseThrow(() -> new AccountException("Account not found."));
    rememberedLogins.removeUserTokens(username);
    events.publishEvent(new AccountDeleted(userId, username));
  }

  /**
   * The rules for a password that does not depend on the account (checked exactly as typed:
   * no trimming, any characters): its length, and not one of the most common passwords.
   */
  static void validatePassword(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
      throw new AccountException("Password must be at least " + MIN_PASSWORD_LENGTH + " characters long.");
    }
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw new AccountException("Password must be at most " + MAX_PASSWORD_LENGTH + " characters long.");
    }
    if (CommonPasswords.contains(password)) {
      throw new AccountException(
          "This password is one of the most common ones, which attackers try first: choose another.");
    }
  }

  /** Every rule for a new password of the account {@code username}: also not the name itself. */
  static void validatePassword(String password, String username) {
    validatePassword(password);
    if (username != null && password.strip().equalsIgnoreCase(username.strip())) {
      throw new AccountException("Password must not be your username.");
    }
  }

  /** Blank means none; otherwise a plain valid address. */
  static String validEmail(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    String trimmed = email.strip();
    if (!Mailer.isValidAddress(trimmed)) {
      throw new AccountException("Invalid e-mail address.");
    }
    return trimmed;
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
