package net.codestats.machine;

import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.system.VisibleNames;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Machines and their API tokens. One machine is one token: one per computer or editor.
 * Every method that takes a user id acts only on that user's machines.
 */
@Service
public class Machines {

  public static final int MAX_NAME_LENGTH = 64;

  private final JdbcClient jdbc;
  private final MachineTokens tokens;
  private final ApplicationEventPublisher events;
  // Machine id → what a token check needs, so that a pulse does not cost a query. Every
  // change on this node is a MachineChanged, which drops the entry once committed; the expiry
  // bounds staleness from other nodes.
  private final LoadingCache<Long, Optional<Credentials>> credentials;

  Machines(JdbcClient jdbc, MachineTokens tokens, ApplicationEventPublisher events, Caches caches) {
    this.events = events;
    this.jdbc = jdbc;
    this.tokens = tokens;
    this.credentials = caches.build(NamedCache.MACHINE_CREDENTIALS, this::loadCredentials);
  }

  /** The active machine a token belongs to; empty for any malformed, unknown or dead token. */
  public Optional<AuthenticatedMachine> authenticate(String token) {
    var id = tokens.machineId(token);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    // the valid token was derived once, when the machine was loaded: a check is one comparison
    return credentials
        .get(id.getAsLong())
        .filter(c -> c.active() && MachineTokens.sameToken(token, c.token()))
        .map(Credentials::machine);
  }

  @Transactional
  public CreatedMachine create(long userId, String name) {
    String validName = validName(name);
    byte[] salt = tokens.newSalt();
    try {
      Machine machine =
          jdbc.sql(
              """
                  insert into machines (user_id, name, token_salt) values (?, ?, ?)
                  returning id, user_id, name, active, created_at, hidden""")
              .params(userId, validName, salt)
              .query(Machines::machine)
              .single();
      // a token of this id tried before it existed must not stay refused
      events.publishEvent(new MachineChanged(userId, machine.id()));
      return new CreatedMachine(machine, tokens.token(machine.id(), salt));
    } catch (DuplicateKeyException e) {
      throw duplicateName();
    }
  }

  /** Active machines first, each group newest first. */
  public List<Machine> list(long userId) {
    return jdbc.sql(
        """
            select id, user_id, name, active, created_at, hidden from machines where user_id = ?
            order by active desc, created_at desc, id desc""")
        .param(userId)
        .query(Machines::machine)
        .list();
  }

  public Optional<Machine> find(long userId, long machineId) {
    return jdbc.sql(
        "select id, user_id, name, active, created_at, hidden from machines where id = ? and user_id = ?")
        .params(machineId, userId)
        .query(Machines::machine)
        .optional();
  }

  /** The machine's current token, for its owner to copy. */
  public String token(long userId, long machineId) {
    byte[] salt =
        jdbc.sql("select token_salt from machines where id = ? and user_id = ?")
            .params(machineId, userId)
            .query(byte[].class)
            .optional()
            .orElseThrow(MachineException::notFound);
    return tokens.token(machineId, salt);
  }

  /** Renames a machine; its token stays the same. */
  @Transactional
  public Machine rename(long userId, long machineId, String name) {
    String validName = validName(name);
    try {
      int changed =
          jdbc.sql("update machines set name = ? where id = ? and user_id = ?")
              .params(validName, machineId, userId)
              .update();
      requireFound(changed);
    } catch (DuplicateKeyException e) {
      throw duplicateName();
    }
    events.publishEvent(new MachineChanged(userId, machineId));
    return find(userId, machineId).orElseThrow(MachineException::notFound);
  }

  /** Gives the machine a new token; the old one is refused from now on. */
  @Transactional
  public String regenerateToken(long userId, long machineId) {
    byte[] salt = tokens.newSalt();
    requireFound(
        jdbc.sql("update machines set token_salt = ? where id = ? and user_id = ?")
            .params(salt, machineId, userId)
            .update());
    events.publishEvent(new MachineChanged(userId, machineId));
    return tokens.token(machineId, salt);
  }

  /** A deactivated machine's token is refused and it leaves machine lists; its XP still counts. */
  @Transactional
  public void setActive(long userId, long machineId, boolean active) {
    requireFound(
        jdbc.sql("update machines set active = ? where id = ? and user_id = ?")
            .params(active, machineId, userId)
            .update());
    events.publishEvent(new MachineChanged(userId, machineId));
  }

  /**
   * Hides the machine from the public profile (or shows it again): its XP then leaves every
   * public figure; the owner still sees it, marked.
   */
  @Transactional
  public void setHidden(long userId, long machineId, boolean hidden) {
    requireFound(
        jdbc.sql("update machines set hidden = ? where id = ? and user_id = ?")
            .params(hidden, machineId, userId)
            .update());
    events.publishEvent(new MachineChanged(userId, machineId));
  }

  /** The ids of the user's machines hidden from the public profile. */
  public Set<Long> hiddenIds(long userId) {
    return new HashSet<>(
        jdbc.sql("select id from machines where user_id = ? and hidden")
            .param(userId)
            .query(Long.class)
            .list());
  }

  /** Every hidden machine (of all users): for figures over many profiles. */
  public List<Machine> allHidden() {
    return jdbc.sql("select id, user_id, name, active, created_at, hidden from machines where hidden")
        .query(Machines::machine)
        .list();
  }

  /**
   * Share-locks those of the machines that still exist and are active, inside the caller's
   * transaction: a concurrent delete or deactivation either committed before (the machine is
   * not returned) or waits for that transaction's commit.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Set<Long> lockLive(long[] machineIds) {
    return new HashSet<>(
        jdbc.sql("select id from machines where id = any(?) and active order by id for share")
            .param(machineIds)
            .query(Long.class)
            .list());
  }

  /**
   * Deletes a machine with all its XP: {@link MachineDeleting} lets the pulses go (and the
   * stats be recomputed without them) in this transaction, before the machine row.
   */
  @Transactional
  public void delete(long userId, long machineId) {
    // Lock the machine first: a pulse in flight for it either commits before or fails after.
    requireFound(
        jdbc.sql("select count(*) from (select 1 from machines where id = ? and user_id = ? for update) m")
            .params(machineId, userId)
            .query(Integer.class)
            .single());
    events.publishEvent(new MachineDeleting(userId, machineId));
    jdbc.sql("delete from machines where id = ?").param(machineId).update();
    events.publishEvent(new MachineChanged(userId, machineId));
  }

  /** Deletes every machine of a user with all their XP (when the account goes). */
  @Transactional
  public void deleteAllOf(long userId) {
    jdbc.sql("delete from machines where user_id = ? returning id")
        .param(userId)
        .query(Long.class)
        .list()
        .forEach(machineId -> events.publishEvent(new MachineChanged(userId, machineId)));
  }

  /** Once the change has committed: a load racing it finishes first, then goes. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onMachineChanged(MachineChanged change) {
    credentials.invalidate(change.machineId());
  }

  private Optional<Credentials> loadCredentials(long machineId) {
    return jdbc.sql("select id, user_id, name, active, token_salt from machines where id = ?")
        .param(machineId)
        .query(
            (rs, i) -> new Credentials(
                new AuthenticatedMachine(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name")),
                rs.getBoolean("active"),
                tokens.token(rs.getLong("id"), rs.getBytes("token_salt"))))
        .optional();
  }

  /**
   * The one rule for machine names, which appear on public profiles (the same visibility rules
   * as usernames): the name as stored, or a {@link MachineException} saying what is wrong.
   */
  public static String validName(String name) {
    String trimmed = VisibleNames.normalise(name == null ? "" : name).strip();
    if (VisibleNames.hasInvisibleCharacters(trimmed)) {
      throw MachineException.invalid("Machine name must not contain invisible, formatting or control characters.");
    }
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length < 1 || length > MAX_NAME_LENGTH) {
      throw MachineException.invalid("Machine name must be 1–64 characters long.");
    }
    return trimmed;
  }

  private static MachineException duplicateName() {
    return MachineException.invalid("You already have a machine with that name.");
  }

  private static void requireFound(int rows) {
    if (rows == 0) {
      throw MachineException.notFound();
    }
  }

  private static Machine machine(ResultSet rs, int row) throws SQLException {
    return new Machine(
        rs.getLong("id"),
        rs.getLong("user_id"),
        rs.getString("name"),
        rs.getBoolean("active"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getBoolean("hidden"));
  }

  public record CreatedMachine(Machine machine, String token) {}

  /** What a token check needs: the machine as answered, and the one token valid for it now. */
  private record Credentials(AuthenticatedMachine machine, boolean active, String token) {}
}
