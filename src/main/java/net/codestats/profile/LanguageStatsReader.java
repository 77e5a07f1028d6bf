package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.codestats.account.User;
import net.codestats.pulse.Languages;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.xp.HiddenItems;
import net.codestats.xp.HiddenItemsLookup;
import net.codestats.xp.LanguageXpQueries;
import org.springframework.stereotype.Component;

/**
 * Finds a user's language by a name as asked for (case-insensitive, aliases followed) and reads
 * its figures, for the language page and GraphQL alike.
 */
@Component
class LanguageStatsReader {

  private final Languages languages;
  private final LanguageXpQueries queries;
  private final ProfileCache profiles;
  private final Clock clock;
  /**
   * Figures by profile snapshot (weak keys: compared by identity, gone with the snapshot), then
   * by name as asked and machines left out: a new pulse, machine change or rebuild replaces the
   * snapshot, so the language figures are as fresh as the profile's.
   */
  private final Cache<ProfileCache.Snapshot, Map<Key, Optional<Found>>> bySnapshot;

  private record Key(String name, Set<Long> excludedMachines) {}

  private final HiddenItemsLookup hidden;

  LanguageStatsReader(
      Languages languages,
      LanguageXpQueries queries,
      ProfileCache profiles,
      HiddenItemsLookup hidden,
      Clock clock,
      Caches caches) {
    this.hidden = hidden;
    this.languages = languages;
    this.queries = queries;
    this.profiles = profiles;
    this.clock = clock;
    this.bySnapshot = caches.build(NamedCache.LANGUAGE_PAGES);
  }

  /**
   * @param languageId the language the XP counts under
   * @param language its display name
   */
  record Found(long languageId, String language, LanguageXpQueries.LanguageStats stats) {}

  /** The user's figures in the language, or empty when they never wrote it. */
  Optional<Found> find(User user, String name, Principal viewer) {
    HiddenItems items = hiddenFrom(user, viewer);
    if (!items.isEmpty()
        && languages.lookUp(name).filter(language -> items.hidesLanguage(language.countedId())).isPresent()) {
      return Optional.empty(); // a hidden language is, to visitors, one the user never wrote
    }
    Set<Long> excluded = items.machineIds();
    Map<Key, Optional<Found>> figures =
        bySnapshot.get(profiles.snapshot(user), snapshot -> new ConcurrentHashMap<>());
    var key = new Key(name, excluded);
    Optional<Found> found = figures.get(key);
    if (found == null) {
      found = read(user, name, excluded);
      if (figures.size() < MAX_NAMES_PER_PROFILE) { // names asked for at random cannot grow it without bound
        figures.put(key, found);
      }
    }
    return found;
  }

  /** Languages of one profile kept per snapshot. */
  static final int MAX_NAMES_PER_PROFILE = 64;

  private Optional<Found> read(User user, String name, Set<Long> excluded) {
    return languages.lookUp(name).flatMap(language -> queries
        .stats(user.id(), language.countedId(), clock.instant().minus(ProfileQueries.RECENT), excluded)
        .map(stats -> new Found(language.countedId(), language.countedName(), stats)));
  }

  /** XP in the language since an instant, with the same machines left out. */
  long xpSince(User user, long languageId, Instant since, Principal viewer) {
    return queries.xpSince(user.id(), languageId, since, excludedMachines(user, viewer));
  }

  /** The machines whose XP the viewer does not see: those the user hides, except from the owner. */
  private Set<Long> excludedMachines(User user, Principal viewer) {
    return hiddenFrom(user, viewer).machineIds();
  }

  private HiddenItems hiddenFrom(User user, Principal viewer) {
    return ProfileAccess.isOwner(user, viewer) ? HiddenItems.NONE : hidden.of(user.id());
  }
}
