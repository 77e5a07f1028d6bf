package net.codestats.profile;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import net.codestats.account.User;
import net.codestats.pulse.Languages;
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
  private final Clock clock;

  LanguageStatsReader(Languages languages, LanguageXpQueries queries, Clock clock) {
    this.languages = languages;
    this.queries = queries;
    this.clock = clock;
  }

  /**
   * @param languageId the language the XP counts under
   * @param language its display name
   */
  record Found(long languageId, String language, LanguageXpQueries.LanguageStats stats) {}

  /** The user's figures in the language, or empty when they never wrote it. */
  Optional<Found> find(User user, String name, Principal viewer) {
    return languages.lookUp(name).flatMap(language -> queries
        .stats(user.id(), language.countedId(), clock.instant().minus(ProfileQueries.RECENT), excludedMachines(user,
            viewer))
        .map(stats -> new Found(language.countedId(), language.countedName(), stats)));
  }

  /** XP in the language since an instant, with the same machines left out. */
  long xpSince(User user, long languageId, Instant since, Principal viewer) {
    return queries.xpSince(user.id(), languageId, since, excludedMachines(user, viewer));
  }

  /**
   * The machines whose XP the viewer does not see: none yet. Hidden machines plug in here (the
   * owner still sees everything).
   */
  static Set<Long> excludedMachines(User user, Principal viewer) {
    return Set.of();
  }
}
