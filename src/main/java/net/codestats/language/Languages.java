package net.codestats.language;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Languages, identified case-insensitively; the first spelling seen is the display name. A
 * language may be an alias of another (one level): its XP counts under the target.
 */
@Service
public class Languages {

  public static final String PLAIN_TEXT = "Plain text";
  public static final int MAX_NAME_LENGTH = 255;

  private final JdbcClient jdbc;
  // Name as sent → resolution. Short expiry bounds how long another node's alias change
  // takes to show here; this node's changes invalidate at once.
  private final Cache<String, ResolvedLanguage> resolved =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  Languages(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  /** Forgets cached resolutions, after aliases changed. */
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
}
