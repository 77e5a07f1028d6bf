package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import net.codestats.account.User;
import net.codestats.pulse.PulseStored;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each user's public profile JSON in memory, serialized, so that a heavy user's
 * profile costs one small query instead of reading their aggregates. That query finds the
 * user (visibility is never cached) together with a stamp of their data: total XP and the
 * machines' names and states, which change with every edit (a machine renamed, deactivated
 * or deleted, XP removed or rebuilt). A new pulse also drops the entry at once. The expiry
 * bounds how stale the time-dependent "last 12 hours" figures and alias renames may get.
 */
@Component
class PublicProfileCache {

  static final Duration EXPIRY = Duration.ofSeconds(30);

  private final ProfileQueries queries;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Cache<Long, Entry> profiles =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(EXPIRY).build();

  PublicProfileCache(ProfileQueries queries, JdbcClient jdbc, JsonMapper json) {
    this.queries = queries;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The user named so (case-insensitively), public or not, with the stamp of their data. */
  Optional<Found> find(String username) {
    return jdbc.sql(
            """
            select u.id, u.username, u.email, u.private_profile, u.created_at,
                   (select coalesce(sum(xp), 0) from user_language_xp where user_id = u.id) as xp,
                   (select coalesce(sum(xp), 0) from user_machine_xp where user_id = u.id) as machine_xp,
                   (select coalesce(string_agg(id || ':' || active || ':' || name, ',' order by id), '')
                      from machines where user_id = u.id) as machines
            from users u where lower(u.username) = lower(?)""")
        .param(username)
        .query(
            (rs, i) ->
                new Found(
                    new User(
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("email"),
                        rs.getBoolean("private_profile"),
                        rs.getTimestamp("created_at").toInstant()),
                    new Stamp(rs.getLong("xp"), rs.getLong("machine_xp"), rs.getString("machines"))))
        .optional();
  }

  /** The public profile JSON of a user found by {@link #find}. */
  byte[] publicJson(Found found) {
    long id = found.user().id();
    Entry cached = profiles.getIfPresent(id);
    if (cached != null && cached.stamp().equals(found.stamp()) && cached.username().equals(found.user().username())) {
      return cached.json();
    }
    byte[] body = json.writeValueAsBytes(queries.publicProfile(found.user()));
    profiles.put(id, new Entry(found.stamp(), found.user().username(), body));
    return body;
  }

  @EventListener
  void pulseStored(PulseStored pulse) {
    profiles.invalidate(pulse.userId());
  }

  record Found(User user, Stamp stamp) {}

  record Stamp(long xp, long machineXp, String machines) {}

  private record Entry(Stamp stamp, String username, byte[] json) {}
}
