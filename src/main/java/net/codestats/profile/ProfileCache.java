package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.codestats.account.AccountDeleted;
import net.codestats.account.HiddenLanguagesChanged;
import net.codestats.account.User;
import net.codestats.machine.Machine;
import net.codestats.machine.MachineChanged;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.PulseStored;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.transfer.PulsesImported;
import net.codestats.xp.AggregatesRebuilt;
import net.codestats.xp.HiddenItems;
import net.codestats.xp.HiddenItemsLookup;
import net.codestats.xp.HiddenShare;
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
 * <p>Two views: the public one leaves out what the user hides (a machine, a language: out of
 * every figure and total); the owner's has everything, the hidden items marked. Machine changes
 * (hiding one is one) and {@link HiddenLanguagesChanged} drop both at once.
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
   * @param share what this view leaves out: the user's hidden items in the public view, {@link
   *     HiddenShare#NONE} in the owner's (and for the many who hide nothing)
   * @param hiddenLanguages names the owner's view marks "hidden from your public profile"
   *     (empty in the public view)
   * @param hiddenMachines likewise for machines
   */
  record Snapshot(
      PublicProfile profile,
      byte[] publicJson,
      Map<String, Long> dayOfYear,
      Map<String, Long> hours,
      Optional<LocalDate> lastProgrammed,
      LocalDate today,
      List<ProfileStats.DayLanguageXp> recentDays,
      HiddenShare share,
      Set<String> hiddenLanguages,
      Set<String> hiddenMachines) {

    /** The first date in {@code recentDays}: every later date is complete there. */
    LocalDate recentDaysFrom() {
      return today.minusDays(CHART_DAYS - 1);
    }
  }

  private final ProfileQueries queries;
  private final ProfileStats stats;
  private final Clock clock;
  private final JsonMapper json;
  private final HiddenItemsLookup hidden;
  private final Machines machines;
  private final Languages languages;
  private final Cache<Long, Views> snapshots;

  /**
   * The public snapshot and, for a user who hides something, the owner's (made when first asked
   * for); for everybody else both are the same object, so hiding nothing costs nothing.
   */
  private final class Views {
    private final Snapshot visitors;
    private final User user;
    private volatile Snapshot owner;

    Views(User user, Snapshot visitors, boolean sameForOwner) {
      this.user = user;
      this.visitors = visitors;
      this.owner = sameForOwner ? visitors : null;
    }

    Snapshot owner() {
      Snapshot view = owner;
      if (view == null) {
        view = load(user, HiddenShare.NONE, hidden.of(user.id()));
        owner = view;
      }
      return view;
    }
  }

  ProfileCache(
      ProfileQueries queries,
      ProfileStats stats,
      Clock clock,
      JsonMapper json,
      Caches caches,
      HiddenItemsLookup hidden,
      Machines machines,
      Languages languages) {
    this.hidden = hidden;
    this.machines = machines;
    this.languages = languages;
    this.snapshots = caches.build(NamedCache.PROFILES);
    this.queries = queries;
    this.json = json;
    this.stats = stats;
    this.clock = clock;
  }

  /**
   * The public view (visitors, the JSON API, GraphQL for anyone but the owner, and whatever
   * else shows a profile publicly): without the user's hidden items.
   */
  Snapshot snapshot(User user) {
    return views(user).visitors;
  }

  /** Everything, hidden items marked: what the owner sees of their own profile. */
  Snapshot ownerSnapshot(User user) {
    return views(user).owner();
  }

  private Views views(User user) {
    return snapshots.get(user.id(), id -> {
      HiddenItems items = hidden.of(id);
      return new Views(user, load(user, queries.hiddenShare(user.id(), items), HiddenItems.NONE), items.isEmpty());
    });
  }

  /** @param marked what the view marks as hidden (the owner's), NONE for the public one */
  private Snapshot load(User user, HiddenShare share, HiddenItems marked) {
    int offsetMinutes = stats.latestOffsetMinutes(user.id()).orElse(0);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    PublicProfile profile = queries.publicProfile(user, share);
    return new Snapshot(
        profile,
        json.writeValueAsBytes(profile),
        stats.dayOfYearXps(user.id(), share),
        stats.hourOfDayXps(user.id(), share),
        stats.lastProgrammed(user.id(), share),
        today,
        stats.dayLanguageXps(user.id(), today.minusDays(CHART_DAYS - 1), share),
        share,
        marked.isEmpty() ? Set.of() : Set.copyOf(languages.names(marked.languageIds()).values()),
        marked.isEmpty()
            ? Set.of()
            : machines.list(user.id()).stream()
                .filter(Machine::hidden)
                .map(Machine::name)
                .collect(Collectors.toUnmodifiableSet()));
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

  /** A language hidden or shown again: both views change. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onHiddenLanguagesChanged(HiddenLanguagesChanged change) {
    snapshots.invalidate(change.userId());
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
