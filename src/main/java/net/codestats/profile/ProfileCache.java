package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.codestats.account.AccountDeleted;
import net.codestats.account.User;
import net.codestats.machine.MachineChanged;
import net.codestats.pulse.PulseStored;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.transfer.PulsesImported;
import net.codestats.xp.AggregatesRebuilt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's profile figures, computed once and reused until their next pulse (on this node or,
 * in a cluster, another), a change to their machines, a rebuild of their stats, an import or
 * the account's deletion, or for 30 seconds at most ({@link NamedCache#PROFILES}), since
 * "recent XP" slides with the clock (and other nodes' machine changes are not announced here):
 * a heavy user's much-viewed profile then costs a map look-up.
 *
 * <p>An entry is dropped once the change has committed (at once for events published outside a
 * transaction), in the thread that made it, so the request that changed the data sees the
 * change in its next read.
 */
@Component
class ProfileCache {

  static final int CHART_DAYS = 14;

  /**
   * @param offsetMinutes of the user's latest pulse: where their "today" is
   * @param publicJson {@code profile} serialized once for the JSON API, its most-read path
   * @param recentDays XP per local date × language of the last days up to {@code today}
   */
  record Snapshot(
      PublicProfile profile,
      byte[] publicJson,
      Map<String, Long> dayOfYear,
      Map<String, Long> hours,
      Optional<LocalDate> lastProgrammed,
      LocalDate today,
      List<ProfileStats.DayLanguageXp> recentDays) {

    /** The first date in {@code recentDays}: every later date is complete there. */
    LocalDate recentDaysFrom() {
      return today.minusDays(CHART_DAYS - 1);
    }
  }

  private final ProfileQueries queries;
  private final ProfileStats stats;
  private final Clock clock;
  private final JsonMapper json;
  private final Cache<Long, Snapshot> snapshots;

  ProfileCache(ProfileQueries queries, ProfileStats stats, Clock clock, JsonMapper json, Caches caches) {
    this.snapshots = caches.build(NamedCache.PROFILES);
    this.queries = queries;
    this.json = json;
    this.stats = stats;
    this.clock = clock;
  }

  Snapshot snapshot(User user) {
    return snapshots.get(user.id(), id -> load(user));
  }

  private Snapshot load(User user) {
    int offsetMinutes = stats.latestOffsetMinutes(user.id()).orElse(0);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    PublicProfile profile = queries.publicProfile(user);
    return new Snapshot(
        profile,
        json.writeValueAsBytes(profile),
        stats.dayOfYearXps(user.id()),
        stats.hourOfDayXps(user.id()),
        stats.lastProgrammed(user.id()),
        today,
        stats.dayLanguageXps(user.id(), today.minusDays(CHART_DAYS - 1)));
  }

  /**
   * A pulse stored here or by another node: our copy is out of date. Runs in the pulse's
   * request thread (or the cluster listener's): only drops the entry.
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onPulseStored(PulseStored pulse) {
    snapshots.invalidate(pulse.userId());
  }

  /** Machine names and states show on the profile. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onMachineChanged(MachineChanged change) {
    snapshots.invalidate(change.userId());
  }

  /** XP deleted or re-aliased: every figure may have changed. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAggregatesRebuilt(AggregatesRebuilt rebuilt) {
    snapshots.invalidate(rebuilt.userId());
  }

  /** Imported pulses add to every figure. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onPulsesImported(PulsesImported imported) {
    snapshots.invalidate(imported.userId());
  }

  /** A deleted account's figures must not outlive it in memory. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAccountDeleted(AccountDeleted deleted) {
    snapshots.invalidate(deleted.userId());
  }
}
