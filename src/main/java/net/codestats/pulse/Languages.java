package net.codestats.pulse;

import com.github.benmanes.caffeine.cache.Cache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Languages, identified case-insensitively; the first spelling seen is the display name. A
 * language may be an alias of another (one level): its XP counts under the target.
 */
@Service
@EnableConfigurationProperties(Languages.Settings.class)
public class Languages {

  public static final String PLAIN_TEXT = "Plain text";
  public static final int MAX_NAME_LENGTH = 255;
  /** Languages on one page of {@link #publicPage}. */
  public static final int PAGE_SIZE = 100;
  /** The advisory-lock namespace of {@link #createWithinCap}. */
  private static final int CREATOR_LOCK = 0x4c616e67;

  /**
   * @param newPerDay how many languages this server has not seen before one user may create in
   *     any 24 hours (pulses and imports together); a flood of made-up names would otherwise
   *     grow the shared language list without bound
   */
  @ConfigurationProperties("codestats.language")
  public record Settings(@DefaultValue("100") int newPerDay) {}

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;
  private final PublicXp publicXp;
  private final TransactionTemplate transaction;
  private final int newPerDay;
  // Name as sent → resolution. Short expiry bounds how long another node's alias change
  // takes to show here; this node's changes drop it once committed (LanguageAliasesChanged).
  private final Cache<String, ResolvedLanguage> resolved;

  Languages(
      JdbcClient jdbc,
      ApplicationEventPublisher events,
      PublicXp publicXp,
      PlatformTransactionManager transactions,
      Settings settings,
      Caches caches) {
    this.jdbc = jdbc;
    this.events = events;
    this.publicXp = publicXp;
    this.resolved = caches.build(NamedCache.LANGUAGE_NAMES);
    this.transaction = new TransactionTemplate(transactions);
    this.newPerDay = settings.newPerDay();
  }

  /** The name as it is stored: trimmed, and {@code Plain text} when empty. */
  public static String normalize(String nameAsSent) {
    String name = nameAsSent.strip();
    return name.isEmpty() ? PLAIN_TEXT : name;
  }

  /** How many new languages one user may create in any 24 hours. */
  public int newPerDay() {
    return newPerDay;
  }

  /**
   * Finds the languages for names as a client of {@code userId} sent them, following aliases,
   * in the order given. Names this server has not seen are created, all of them or, when that
   * would take the user over {@link #newPerDay()} in 24 hours, none (nothing is created and
   * {@link TooManyNewLanguages} is thrown). Creation commits at once, so that a new language
   * is visible to concurrent pulses; it is serialised per user, so racing machines of one user
   * cannot both pass the cap.
   */
  public List<ResolvedLanguage> resolveAll(long userId, List<String> namesAsSent) {
    List<String> names = namesAsSent.stream().map(Languages::normalize).toList();
    Map<String, ResolvedLanguage> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      ResolvedLanguage language = resolved.getIfPresent(name);
      if (language != null) {
        found.put(name, language);
      } else if (!found.containsKey(name)) {
        found.put(name, null);
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      Map<String, ResolvedLanguage> known = find(missing);
      List<String> unknown = missing.stream().filter(n -> !known.containsKey(n)).toList();
      if (!unknown.isEmpty()) {
        transaction.executeWithoutResult(tx -> createWithinCap(userId, unknown));
        known.putAll(find(unknown));
      }
      known.forEach(resolved::put);
      found.putAll(known);
    }
    return names.stream().map(found::get).toList();
  }

  /** Creates the names (all unknown a moment ago) for the user, unless that passes the cap. */
  private void createWithinCap(long userId, List<String> names) {
    // One creator per user at a time: a lock on the user's id, held until this transaction ends.
    jdbc.sql("select pg_advisory_xact_lock(?, hashint8(?))").params(CREATOR_LOCK, userId).query((rs, i) -> 0).list();
    int wanted =
        jdbc.sql(
            """
                select count(distinct lower(n)) from unnest(?::text[]) as t (n)
                where not exists (select 1 from languages l where lower(l.name) = lower(t.n))""")
            .param(names.toArray(String[]::new))
            .query(Integer.class)
            .single();
    if (wanted == 0) {
      return;
    }
    List<Instant> recent =
        jdbc.sql(
            """
                select created_at from languages
                where created_by = ? and created_at > now() - interval '1 day' order by created_at""")
            .param(userId)
            .query(Instant.class)
            .list();
    if (recent.size() + wanted > newPerDay) {
      throw new TooManyNewLanguages(newPerDay, wanted, recent.size(), secondsUntilRoom(recent, wanted));
    }
    // distinct on keeps the first spelling of names that differ only in case
    jdbc.sql(
        """
            insert into languages (name, created_by)
            select n, ? from (select distinct on (lower(n)) n, i from unnest(?::text[]) with ordinality as t (n, i)
                              order by lower(n), i) first_spellings
            order by i
            on conflict ((lower(name))) do nothing""")
        .params(userId, names.toArray(String[]::new))
        .update();
  }

  /** When enough of the user's last day of creations have aged out for {@code wanted} more. */
  private long secondsUntilRoom(List<Instant> recent, int wanted) {
    int mustAgeOut = recent.size() + wanted - newPerDay;
    if (wanted > newPerDay || mustAgeOut > recent.size()) {
      return 0; // never fits: no point in a retry
    }
    Instant room = recent.get(mustAgeOut - 1).plus(Duration.ofDays(1));
    return Math.max(1, Duration.between(Instant.now(), room).toSeconds() + 1);
  }

  /** The existing languages among the names, keyed by the name as given. */
  private Map<String, ResolvedLanguage> find(List<String> names) {
    Map<String, ResolvedLanguage> found = new HashMap<>();
    jdbc.sql(
        """
            select s.name as sent_name, l.id as sent_id, coalesce(t.id, l.id) as counted_id,
                   coalesce(t.name, l.name) as counted_name
            from unnest(?::text[]) as s (name)
            join languages l on lower(l.name) = lower(s.name)
            left join languages t on t.id = l.alias_of""")
        .param(names.toArray(String[]::new))
        .query(
            rs -> {
              found.put(
                  rs.getString("sent_name"),
                  new ResolvedLanguage(rs.getLong("counted_id"), rs.getString("counted_name"), rs.getLong("sent_id")));
            });
    return found;
  }

  /**
   * Finds or creates one language outside any user's cap: for administration (aliases) and
   * tests. What users send goes through {@link #resolveAll}.
   */
  public ResolvedLanguage resolve(String nameAsSent) {
    String name = normalize(nameAsSent);
    ResolvedLanguage language = resolved.getIfPresent(name);
    if (language == null) {
      language = findOrCreate(name);
      resolved.put(name, language);
    }
    return language;
  }

  /**
   * The language a name (from a URL or a query) counts under, without creating anything:
   * case-insensitive, aliases followed; empty for a name this server has not seen.
   */
  public Optional<ResolvedLanguage> lookUp(String name) {
    String normalized = normalize(name);
    if (LanguageNames.problem(normalized).isPresent()) {
      return Optional.empty();
    }
    ResolvedLanguage language = resolved.getIfPresent(normalized);
    if (language == null) {
      language = find(List.of(normalized)).get(normalized);
      if (language != null) {
        resolved.put(normalized, language);
      }
    }
    return Optional.ofNullable(language);
  }

  private ResolvedLanguage findOrCreate(String name) {
    jdbc.sql("insert into languages (name) values (?) on conflict ((lower(name))) do nothing")
        .param(name)
        .update();
    return find(List.of(name)).get(name);
  }

  /** The display names of languages, by id; unknown ids are left out. */
  public Map<Long, String> names(Collection<Long> ids) {
    Map<Long, String> names = new HashMap<>();
    if (ids.isEmpty()) {
      return names;
    }
    jdbc.sql("select id, name from languages where id = any(?)")
        .param(ids.stream().mapToLong(Long::longValue).distinct().toArray())
        .query(rs -> {
          names.put(rs.getLong("id"), rs.getString("name"));
        });
    return names;
  }

  /**
   * One page of the languages that a public profile has XP in (aliases are listed under their
   * target), by name; {@code query} keeps those whose name or a listed alias contains it. An
   * alias is listed when a public profile sent XP under it, or nobody did (an administrator's
   * mapping): a name only private users sent is never shown.
   */
  public LanguagePage publicPage(String query, int page) {
    String search = query == null ? "" : query.strip();
    long[] privateUsers = publicXp.privateUserIds();
    long[] publicLanguages = publicXp.countedLanguageIds();
    var matching =
        """
        with public_languages as (select unnest(cast(:languages as bigint[])) as id),
        listed_aliases as (
          select a.alias_of as target, a.name
          from languages a join public_languages p on p.id = a.alias_of
          -- said outright so that only aliases, not every language, get the xps look-ups
          where a.alias_of is not null and not a.hidden
            and (exists (select 1 from xps x
                         where x.original_language_id = a.id and x.amount > 0
                           and not (x.user_id = any(cast(:private as bigint[]))))
                 or not exists (select 1 from xps x where x.original_language_id = a.id))),
        listed as (
          select l.name, coalesce(array_agg(s.name order by lower(s.name)) filter (where s.name is not null), '{}') as aliases
          from languages l join public_languages p on p.id = l.id
          left join listed_aliases s on s.target = l.id
          where l.alias_of is null and not l.hidden
          group by l.id, l.name)
        select * from listed
        where :q = '' or strpos(lower(name), lower(:q)) > 0
           or exists (select 1 from unnest(aliases) as a (name) where strpos(lower(a.name), lower(:q)) > 0)
        """;
    long total =
        jdbc.sql("select count(*) from (" + matching + ") m")
            .param("q", search)
            .param("languages", publicLanguages)
            .param("private", privateUsers)
            .query(Long.class)
            .single();
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int shown = Math.clamp(page, 1, pages);
    List<LanguageWithAliases> languages =
        jdbc.sql("select * from (" + matching + ") m order by lower(name), name limit :limit offset :offset")
            .param("q", search)
            .param("languages", publicLanguages)
            .param("private", privateUsers)
            .param("limit", PAGE_SIZE)
            .param("offset", (long) (shown - 1) * PAGE_SIZE)
            .query(
                (rs, i) -> new LanguageWithAliases(
                    rs.getString("name"), List.of((String[]) rs.getArray("aliases").getArray())))
            .list();
    return new LanguagePage(languages, search, shown, pages, total);
  }

  /**
   * Makes {@code alias} an alias of {@code target} (one level): XP sent under the alias moves
   * to the target, and the affected users' aggregates are rebuilt. Both languages are created
   * if they do not exist yet.
   */
  @Transactional
  public void makeAlias(String alias, String target) {
    long aliasId = findOrCreate(normalize(alias)).sentId();
    long targetId = findOrCreate(normalize(target)).sentId();
    if (aliasId == targetId) {
      throw new IllegalArgumentException("A language cannot be an alias of itself.");
    }
    jdbc.sql("update languages set alias_of = ? where id = ?").params(targetId, aliasId).update();
    moveXp(aliasId, targetId);
  }

  /**
   * {@link #makeAlias(String, String)} for the admin area, by id, with what the one-level rule
   * forbids refused in words ({@link IllegalArgumentException}) before anything changes.
   */
  @Transactional
  public void makeAlias(long aliasId, long targetId) {
    AdminLanguage alias = language(aliasId).orElseThrow(() -> new IllegalArgumentException("No such language."));
    AdminLanguage target =
        language(targetId).orElseThrow(() -> new IllegalArgumentException("No such target language."));
    if (aliasId == targetId) {
      throw new IllegalArgumentException("A language cannot be an alias of itself.");
    }
    if (target.aliasOf() != null) {
      throw new IllegalArgumentException(
          target.name() + " is itself an alias (of " + target.aliasOf() + "): choose " + target.aliasOf() + ".");
    }
    if (alias.aliases() > 0) {
      throw new IllegalArgumentException(
          alias.name() + " has aliases of its own: undo those first (aliases are one level deep).");
    }
    jdbc.sql("update languages set alias_of = ? where id = ?").params(targetId, aliasId).update();
    moveXp(aliasId, targetId);
  }

  /** {@link #removeAlias(String)} by id; false when the language is no alias. */
  @Transactional
  public boolean removeAlias(long aliasId) {
    int changed =
        jdbc.sql("update languages set alias_of = null where id = ? and alias_of is not null").param(aliasId).update();
    if (changed == 0) {
      return false;
    }
    moveXp(aliasId, aliasId);
    return true;
  }

  /** Keeps a language (and its aliases' names) off {@code /aliases}, or shows it again; false when unknown. */
  @Transactional
  public boolean setHidden(long languageId, boolean hidden) {
    return jdbc.sql("update languages set hidden = ? where id = ?").params(hidden, languageId).update() > 0;
  }

  /**
   * A language as the admin area shows it.
   *
   * @param aliasOf the name of the language it is an alias of, or null
   * @param aliases how many languages are aliases of it
   */
  public record AdminLanguage(long id, String name, String aliasOf, boolean hidden, int aliases, Instant createdAt) {}

  /** One page of every language (hidden ones and aliases included) whose name contains {@code query}, by name. */
  public List<AdminLanguage> adminPage(String query, int limit, long offset) {
    return jdbc.sql(ADMIN_SELECT + """
            where :q = '' or strpos(lower(l.name), lower(:q)) > 0
            order by lower(l.name), l.id limit :limit offset :offset""")
        .param("q", query)
        .param("limit", limit)
        .param("offset", offset)
        .query(Languages::adminLanguage)
        .list();
  }

  public long adminCount(String query) {
    return jdbc.sql("select count(*) from languages l where :q = '' or strpos(lower(l.name), lower(:q)) > 0")
        .param("q", query)
        .query(Long.class)
        .single();
  }

  public Optional<AdminLanguage> language(long id) {
    return jdbc.sql(ADMIN_SELECT + " where l.id = :id").param("id", id).query(Languages::adminLanguage).optional();
  }

  /** By name, case-insensitively (as sent, before aliasing). */
  public Optional<AdminLanguage> languageNamed(String name) {
    String normalized = normalize(name);
    if (LanguageNames.problem(normalized).isPresent()) {
      return Optional.empty(); // no such name can be stored
    }
    return jdbc.sql(ADMIN_SELECT + " where lower(l.name) = lower(:name)")
        .param("name", normalized)
        .query(Languages::adminLanguage)
        .optional();
  }

  /**
   * XP and users as sent under each of these languages (before aliasing): what an alias
   * carries over to its target, read from the raw XP by its index on the sent language.
   */
  public Map<Long, SentXp> sentXp(Collection<Long> languageIds) {
    Map<Long, SentXp> sent = new HashMap<>();
    if (languageIds.isEmpty()) {
      return sent;
    }
    jdbc.sql(
        """
            select original_language_id as id, sum(amount) as xp, count(distinct user_id) as users
            from xps where original_language_id = any(?) group by 1""")
        .param(languageIds.stream().mapToLong(Long::longValue).toArray())
        .query(rs -> {
          sent.put(rs.getLong("id"), new SentXp(rs.getLong("xp"), rs.getLong("users")));
        });
    return sent;
  }

  public record SentXp(long xp, long users) {}

  private static final String ADMIN_SELECT =
      """
      select l.id, l.name, t.name as alias_of, l.hidden, l.created_at,
             (select count(*) from languages a where a.alias_of = l.id) as aliases
      from languages l left join languages t on t.id = l.alias_of
      """;

  private static AdminLanguage adminLanguage(ResultSet rs, int row) throws SQLException {
    return new AdminLanguage(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("alias_of"),
        rs.getBoolean("hidden"),
        rs.getInt("aliases"),
        rs.getTimestamp("created_at").toInstant());
  }

  /** Undoes an alias: XP sent under the name counts under it again. */
  @Transactional
  public void removeAlias(String alias) {
    long aliasId = findOrCreate(normalize(alias)).sentId();
    jdbc.sql("update languages set alias_of = null where id = ?").param(aliasId).update();
    moveXp(aliasId, aliasId);
  }

  private void moveXp(long sentId, long countedId) {
    List<Long> users =
        jdbc.sql(
            """
                update xps set language_id = ? where original_language_id = ? and language_id <> ?
                returning user_id""")
            .params(countedId, sentId, countedId)
            .query(Long.class)
            .list();
    users.stream().distinct().sorted().forEach(user -> events.publishEvent(new XpRewritten(user)));
    events.publishEvent(new LanguageAliasesChanged());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAliasesChanged(LanguageAliasesChanged changed) {
    forgetCachedNames();
  }

  /** Forgets cached resolutions, after aliases changed (in SQL, too, until they have a screen). */
  public void forgetCachedNames() {
    resolved.invalidateAll();
  }

  /**
   * @param countedId the language XP counts under (the alias target, or the language itself)
   * @param countedName its display name
   * @param sentId the language as sent, kept so that an alias can be undone
   */
  public record ResolvedLanguage(long countedId, String countedName, long sentId) {}

  public record LanguageWithAliases(String name, List<String> aliases) {}

  /**
   * @param query the search as applied (trimmed; empty: all)
   * @param page the page shown, from 1
   * @param pages how many pages there are (at least 1)
   * @param total how many languages match
   */
  public record LanguagePage(List<LanguageWithAliases> languages, String query, int page, int pages, long total) {}

  /** A pulse or import would take its user over the daily cap of new languages. */
  public static final class TooManyNewLanguages extends RuntimeException {
    private final int limit;
    private final int wanted;
    private final int createdToday;
    private final long retryAfterSeconds;

    TooManyNewLanguages(int limit, int wanted, int createdToday, long retryAfterSeconds) {
      super(message(limit), null, false, false);
      this.limit = limit;
      this.wanted = wanted;
      this.createdToday = createdToday;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The error text clients get; /api-docs and the README quote it. */
    public static String message(int limit) {
      return "Too many new languages: at most " + limit + " new languages per user in 24 hours.";
    }

    public int limit() {
      return limit;
    }

    /** How many languages new to this server the refused pulse or file has. */
    public int wanted() {
      return wanted;
    }

    /** How many the user created in the last 24 hours. */
    public int createdToday() {
      return createdToday;
    }

    /** Seconds until enough room frees up, or 0 when it never will (more than the cap at once). */
    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
