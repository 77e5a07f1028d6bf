package net.codestats.admin;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.codestats.account.AccountAdministration;
import net.codestats.account.Accounts;
import net.codestats.admin.views.AdminEntry;
import net.codestats.system.Caches;
import net.codestats.system.CodeStatsProperties;
import net.codestats.system.NamedCache;
import net.codestats.web.SiteRoles;
import net.codestats.web.UserIdentity;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Who is an admin: the accounts named in {@code codestats.admin.usernames} and those granted
 * the role in the area. Asked on every admin request (a revoked or disabled admin is refused
 * from the next one on); a disabled account is never an admin.
 */
@Service
class AdminRoles implements SiteRoles {

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final AccountAdministration administration;
  private final AdminAudit audit;
  private final ApplicationEventPublisher events;
  private final Set<String> configured;
  /** For the navigation only: {@link #isAdmin} decides every admin request from the database. */
  private final Cache<Long, Boolean> links;

  AdminRoles(
      JdbcClient jdbc,
      Accounts accounts,
      AccountAdministration administration,
      AdminAudit audit,
      CodeStatsProperties properties,
      Caches caches,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.administration = administration;
    this.audit = audit;
    this.events = events;
    this.links = caches.build(NamedCache.ADMIN_LINKS);
    this.configured =
        properties.admin().usernames().stream()
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Asked of every admin request: the account from the look-up cache (a disabled account is
   * not found there once the change is committed, and disabling ends its sessions besides), the
   * granted role from the database.
   */
  public boolean isAdmin(long userId) {
    var user = accounts.lookUp(userId);
    if (user.isEmpty()) {
      return false;
    }
    return isConfigured(user.get().username())
        || jdbc.sql("select exists (select 1 from admin_roles where user_id = ?)").param(userId).query(Boolean.class)
            .single();
  }

  /** {@link #isAdmin} from memory: a grant or revoke shows in the navigation once committed, on every node. */
  @Override
  public boolean linksAdminArea(long userId) {
    return links.get(userId, this::isAdmin);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onRolesChanged(AdminRolesChanged changed) {
    links.invalidate(changed.userId());
  }

  boolean isConfigured(String username) {
    return configured.contains(username.toLowerCase(Locale.ROOT));
  }

  /** The configured admins that have an account, then those granted, by name. */
  List<AdminEntry> list() {
    var fromConfiguration =
        administration.idsOf(List.copyOf(configured)).stream()
            .flatMap(id -> administration.find(id).stream())
            .map(account -> new AdminEntry(account.id(), account.username(), true, "configuration", null));
    var granted =
        jdbc.sql("select user_id, granted_by, granted_at from admin_roles order by granted_at").query(
            (rs, i) -> new AdminEntry(
                rs.getLong("user_id"),
                null,
                false,
                rs.getString("granted_by"),
                rs.getTimestamp("granted_at").toInstant()))
            .list()
            .stream()
            .flatMap(admin -> administration.find(admin.userId()).stream()
                .filter(account -> !isConfigured(account.username()))
                .map(account -> new AdminEntry(
                    admin.userId(), account.username(), false, admin.grantedBy(), admin.grantedAt())));
    return Stream.concat(fromConfiguration, granted)
        .sorted((a, b) -> a.username().compareToIgnoreCase(b.username()))
        .toList();
  }

  @Transactional
  void grant(UserIdentity actor, String username) {
    var account =
        administration.findByUsername(username.strip())
            .orElseThrow(() -> new AdminException("No account is named “" + username.strip() + "”."));
    if (account.disabled()) {
      throw new AdminException(account.username() + " is disabled: enable the account first.");
    }
    if (isConfigured(account.username())) {
      throw new AdminException(account.username() + " is an admin already (by configuration).");
    }
    int added =
        jdbc.sql("insert into admin_roles (user_id, granted_by) values (?, ?) on conflict do nothing")
            .params(account.id(), actor.getUsername())
            .update();
    if (added == 0) {
      throw new AdminException(account.username() + " is an admin already.");
    }
    audit.record(actor, "grant admin", account.username());
    events.publishEvent(new AdminRolesChanged(account.id()));
  }

  @Transactional
  void revoke(UserIdentity actor, long userId) {
    var account = administration.find(userId).orElseThrow(() -> AdminException.notFound("No such account."));
    if (isConfigured(account.username())) {
      throw new AdminException(
          account.username() + " is an admin by configuration (codestats.admin.usernames): change it there.");
    }
    if (jdbc.sql("delete from admin_roles where user_id = ?").param(userId).update() == 0) {
      throw new AdminException(account.username() + " is no admin.");
    }
    audit.record(actor, "revoke admin", account.username());
    events.publishEvent(new AdminRolesChanged(userId));
  }
}
