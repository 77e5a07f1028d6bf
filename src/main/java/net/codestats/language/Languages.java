package net.codestats.language;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.codestats.system.AfterCompletion;
import net.codestats.xp.Aggregates;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Languages, identified case-insensitively; the first spelling seen is the display name. A
 * language may be an alias of another (one level): its XP counts under the target.
 */
@Service
public class Languages {

  public static final String PLAIN_TEXT = "Plain text";
  public static final int MAX_NAME_LENGTH = 255;

  private final JdbcClient jdbc;
  private final Aggregates aggregates;
  // Name as sent → resolution. Short expiry bounds how long another node's alias change
  // takes to show here; this node's changes invalidate at once.
  private final Cache<String, ResolvedLanguage> resolved =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  Languages(JdbcClient jdbc, Aggregates aggregates) {
    this.jdbc = jdbc;
    this.aggregates = aggregates;
  }

  /** The name as it is stored: trimmed, and {@code Plain text} when empty. */
  public static String normalize(String nameAsSent) {
    String name = nameAsSent.strip();
    return name.isEmpty() ? PLAIN_TEXT : name;
  }

  /**
   * Finds or creates the language for a name as sent by a client, following an alias to its
   * target. Creation happens in its own short transaction, so that a new language is visible
   * to concurrent pulses at once.
   */
  public ResolvedLanguage resolve(String nameAsSent) {
    String name = normalize(nameAsSent);
    return resolved.get(name, this::findOrCreate);
  }

  private ResolvedLanguage findOrCreate(String name) {
    jdbc.sql("insert into languages (name) values (?) on conflict ((lower(name))) do nothing")
        .param(name)
        .update();
    return jdbc.sql(
            """
            select l.id as sent_id, coalesce(t.id, l.id) as counted_id, coalesce(t.name, l.name) as counted_name
            from languages l left join languages t on t.id = l.alias_of
            where lower(l.name) = lower(?)""")
        .param(name)
        .query(
            (rs, i) ->
                new ResolvedLanguage(
                    rs.getLong("counted_id"), rs.getString("counted_name"), rs.getLong("sent_id")))
        .single();
  }

  /** Every language that is not an alias, with the names of its aliases. */
  public List<LanguageWithAliases> allWithAliases() {
    return jdbc.sql(
            """
            select l.name, coalesce(array_agg(a.name order by lower(a.name))
                                    filter (where a.id is not null), '{}') as aliases
            from languages l left join languages a on a.alias_of = l.id
            where l.alias_of is null
            group by l.id, l.name order by lower(l.name)""")
        .query(
            (rs, i) ->
                new LanguageWithAliases(
                    rs.getString("name"), List.of((String[]) rs.getArray("aliases").getArray())))
        .list();
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
    users.stream().distinct().sorted().forEach(aggregates::rebuild);
    forgetCachedNames();
  }

  /** Forgets cached resolutions, after aliases changed. */
  public void forgetCachedNames() {
    AfterCompletion.forgetNowAndAfterCompletion(resolved::invalidateAll);
  }

  /**
   * @param countedId the language XP counts under (the alias target, or the language itself)
   * @param countedName its display name
   * @param sentId the language as sent, kept so that an alias can be undone
   */
  public record ResolvedLanguage(long countedId, String countedName, long sentId) {}

  public record LanguageWithAliases(String name, List<String> aliases) {}
}
