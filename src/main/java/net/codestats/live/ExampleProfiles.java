package net.codestats.live;

import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.pulse.Pulses;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * A real public profile for the front page's "see an example profile": the most active public
 * user of the last week. The ranking (a scan of the week's pulses) is cached and refreshed in
 * the background; whether a candidate is public is asked at every view, from the accounts'
 * in-memory look-up, so a profile made private drops off the front page at once.
 */
@Component
class ExampleProfiles {

  static final Duration WINDOW = Duration.ofDays(7);
  /** Enough that a few private or deleted users at the top still leave one to show. */
  static final int CANDIDATES = 10;

  private final Pulses pulses;
  private final Clock clock;
  private final Accounts accounts;
  private final LoadingCache<Boolean, List<Long>> ranking;

  ExampleProfiles(Pulses pulses, Clock clock, Accounts accounts, Caches caches) {
    this.ranking = caches.build(NamedCache.EXAMPLE_PROFILES, any -> mostActive());
    this.pulses = pulses;
    this.clock = clock;
    this.accounts = accounts;
  }

  /**
   * The name of the most active public user this week, if anyone public has coded; none while
   * the database cannot be asked (the front page shows without the link).
   */
  Optional<String> username() {
    try {
      for (long id : ranking.get(true)) {
        Optional<User> user = accounts.lookUp(id);
        if (user.isPresent() && !user.get().privateProfile()) {
          return Optional.of(user.get().username());
        }
      }
    } catch (DataAccessException e) {
      // no example rather than no front page
    }
    return Optional.empty();
  }

  /** Reads the ranking again now rather than at the next refresh. */
  void refresh() {
    ranking.put(true, mostActive());
  }

  /** User ids by XP of the last week, most first; private ones too (filtered per view). */
  List<Long> mostActive() {
    return pulses.mostActiveUsers(clock.instant().minus(WINDOW), CANDIDATES);
  }
}
