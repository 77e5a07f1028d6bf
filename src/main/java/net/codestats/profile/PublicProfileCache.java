package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
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
  private final ConcurrentHashMap<Long, CompletableFuture<Entry>> computing = new ConcurrentHashMap<>();

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

  /**
   * The public profile JSON of a user found by {@link #find}. One request computes a stale or
   * missing entry while concurrent ones for the same user wait for it, rather than all
   * reading a heavy user's aggregates at once.
   */
  byte[] publicJson(Found found) {
    long id = found.user().id();
    Entry cached = profiles.getIfPresent(id);
    if (cached != null && cached.isFor(found)) {
      return cached.json();
    }
    var mine = new CompletableFuture<Entry>();
    var running = computing.putIfAbsent(id, mine);
    if (running != null) {
      Entry computed = await(running);
      return computed.isFor(found) ? computed.json() : load(found).json();
    }
    try {
      Entry entry = load(found);
      mine.complete(entry);
      return entry.json();
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      computing.remove(id, mine);
    }
  }

  private Entry load(Found found) {
    var entry =
        new Entry(found.stamp(), found.user().username(), json.writeValueAsBytes(queries.publicProfile(found.user())));
    profiles.put(found.user().id(), entry);
    return entry;
  }

  private static Entry await(CompletableFuture<Entry> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  @EventListener
  void pulseStored(PulseStored pulse) {
    profiles.invalidate(pulse.userId());
  }

  record Found(User user, Stamp stamp) {}

  record Stamp(long xp, long machineXp, String machines) {}

  private record Entry(Stamp stamp, String username, byte[] json) {
    boolean isFor(Found found) {
      return stamp.equals(found.stamp()) && username.equals(found.user().username());
    }
  }
}
