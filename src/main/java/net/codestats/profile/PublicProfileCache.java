package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import net.codestats.account.User;
import net.codestats.pulse.PulseStored;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each user's public profile in memory, so that a heavy user's JSON costs a small
 * index look-up instead of reading their aggregates. A new pulse drops the entry at once;
 * every other change (a machine renamed, deactivated or deleted, XP removed or rebuilt)
 * changes a cheap stamp that is compared on each read; the expiry bounds how stale the
 * time-dependent "last 12 hours" figures and alias renames may get. Visibility is never
 * cached: callers check it before asking.
 */
@Component
class PublicProfileCache {

  static final Duration EXPIRY = Duration.ofSeconds(30);

  private final ProfileQueries queries;
  private final JdbcClient jdbc;
  private final Cache<Long, Entry> profiles =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(EXPIRY).build();

  PublicProfileCache(ProfileQueries queries, JdbcClient jdbc) {
    this.queries = queries;
    this.jdbc = jdbc;
  }

  PublicProfile publicProfile(User user) {
    Stamp stamp = stamp(user.id());
    Entry cached = profiles.getIfPresent(user.id());
    if (cached != null && cached.stamp().equals(stamp) && cached.profile().user().equals(user.username())) {
      return cached.profile();
    }
    PublicProfile profile = queries.publicProfile(user);
    profiles.put(user.id(), new Entry(stamp, profile));
    return profile;
  }

  @EventListener
  void pulseStored(PulseStored pulse) {
    profiles.invalidate(pulse.userId());
  }

  /** Total XP and the machines' names and states: what changes when data is edited. */
  private Stamp stamp(long userId) {
    return jdbc.sql(
            """
            select (select coalesce(sum(xp), 0) from user_language_xp where user_id = :u) as xp,
                   (select coalesce(sum(xp), 0) from user_machine_xp where user_id = :u) as machine_xp,
                   (select coalesce(string_agg(id || ':' || active || ':' || name, ',' order by id), '')
                      from machines where user_id = :u) as machines""")
        .param("u", userId)
        .query((rs, i) -> new Stamp(rs.getLong("xp"), rs.getLong("machine_xp"), rs.getString("machines")))
        .single();
  }

  private record Stamp(long xp, long machineXp, String machines) {}

  private record Entry(Stamp stamp, PublicProfile profile) {}
}
