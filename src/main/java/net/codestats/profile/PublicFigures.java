package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.pulse.Languages;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.stereotype.Component;

/**
 * The figures a visitor may see on a public profile, for other modules (README badges and
 * cards): read from the same cached snapshot as the profile page and JSON, so whatever those
 * leave out for visitors (private profiles, hidden items) is left out here too.
 *
 * <p>A {@link Figures} object is the same instance for as long as the snapshot it was made from
 * is current: a reader may key its own cache by it (by identity, with weak keys) and so follow
 * every change the profile cache follows.
 */
@Component
public class PublicFigures {

  private final Accounts accounts;
  private final ProfileCache cache;
  private final Languages languages;
  private final Cache<ProfileCache.Snapshot, Figures> figures;

  PublicFigures(Accounts accounts, ProfileCache cache, Languages languages, Caches caches) {
    this.figures = caches.build(NamedCache.PUBLIC_FIGURES);
    this.accounts = accounts;
    this.cache = cache;
    this.languages = languages;
  }

  /**
   * The figures of the public profile named (case-insensitively, as the profile page finds
   * it); empty for unknown and private users alike. {@link Figures#name()} is the name as
   * registered.
   */
  public Optional<Figures> of(String username) {
    return accounts.lookUp(username)
        .filter(user -> !user.privateProfile())
        .map(user -> figures.get(cache.snapshot(user), PublicFigures::figures));
  }

  /**
   * The language of {@code figures} that {@code name} means: the same name in any case, or an
   * alias of one; empty when the user has no XP in it.
   */
  public Optional<LanguageFigures> language(Figures figures, String name) {
    Optional<LanguageFigures> named = figures.language(name);
    if (named.isPresent()) {
      return named;
    }
    return languages.lookUp(name).map(Languages.ResolvedLanguage::countedName).flatMap(figures::language);
  }

  private static Figures figures(ProfileCache.Snapshot snapshot) {
    PublicProfile profile = snapshot.profile();
    List<LanguageFigures> list = new ArrayList<>(profile.languages().size());
    profile.languages().forEach((name, xp) -> {
      if (xp.xps() > 0) { // XP moved away by an alias leaves an empty language behind
        list.add(new LanguageFigures(name, xp.xps(), xp.newXps()));
      }
    });
    list.sort(Comparator.comparingLong(LanguageFigures::xp).reversed().thenComparing(LanguageFigures::name));
    return new Figures(profile.user(), profile.totalXp(), profile.newXp(), List.copyOf(list));
  }

  /**
   * @param name the username as registered
   * @param recentXp XP of the last 12 hours (the profile's {@code new_xp})
   * @param languages by XP, most first (ties by name)
   */
  public record Figures(String name, long totalXp, long recentXp, List<LanguageFigures> languages) {

    Optional<LanguageFigures> language(String name) {
      String lower = name.strip().toLowerCase(Locale.ROOT);
      return languages.stream().filter(l -> l.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    // Identity, not contents: readers key caches by the instance (see the class comment).
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /** One language's XP in all and in the last 12 hours. */
  public record LanguageFigures(String name, long xp, long recentXp) {}
}
