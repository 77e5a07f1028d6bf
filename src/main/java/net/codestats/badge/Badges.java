package net.codestats.badge;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Optional;
import java.util.function.Function;
import net.codestats.profile.PublicFigures;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.xp.LevelMaths;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Badges and cards of public profiles, rendered once per profile figures and options: the
 * cache is keyed by the {@link PublicFigures.Figures} instance (which is replaced whenever the
 * profile's snapshot is, by a pulse, a machine change, a rebuild, an import or its expiry), so
 * a new pulse shows on the next request and an old rendering is never served again; entries
 * of replaced figures are left to the cache's bound and idle expiry.
 */
@Service
class Badges {

  static final String BRAND = "Code::Stats";
  static final RenderedSvg NOT_FOUND = RenderedSvg.uncached(HttpStatus.NOT_FOUND,
      BadgeSvg.render(BRAND, "not found", BadgeSvg.GREY, BadgeStyle.FLAT, BRAND + ": not found"));

  /** What a request asked for, normalised: equal options share one rendering. */
  sealed interface Options permits BadgeOptions, CardOptions {}

  /** @param language a language's name as asked (lower case, trimmed), or null for the total */
  record BadgeOptions(String language, BadgeStyle style, String label) implements Options {}

  record CardOptions(int languages, CardTheme theme) implements Options {}

  private record Key(PublicFigures.Figures figures, Options options) {}

  private final PublicFigures publicFigures;
  private final Cache<Key, RenderedSvg> rendered;

  Badges(PublicFigures publicFigures, Caches caches) {
    this.publicFigures = publicFigures;
    // the figures a key holds weigh too: about a hundred bytes a language
    this.rendered =
        caches.build(NamedCache.BADGES,
            (Key key, RenderedSvg svg) -> svg.weight() + 100 * key.figures().languages().size());
  }

  /** The public figures of the user named (any case), empty for unknown and private users. */
  Optional<PublicFigures.Figures> figures(String username) {
    return publicFigures.of(username);
  }

  RenderedSvg render(PublicFigures.Figures figures, Options options) {
    Function<Key, RenderedSvg> render = key -> switch (options) {
      case BadgeOptions badge -> badge(figures, badge);
      case CardOptions card -> RenderedSvg.cacheable(CardSvg.render(figures, card.languages(), card.theme()));
    };
    return rendered.get(new Key(figures, options), render);
  }

  private RenderedSvg badge(PublicFigures.Figures figures, BadgeOptions options) {
    if (options.language() == null) {
      String message = message(figures.totalXp());
      String label = options.label() == null ? BRAND : options.label();
      String title = BRAND + ": " + figures.name() + ", level " + LevelMaths.level(figures.totalXp()) + ", "
          + LevelMaths.thousands(figures.totalXp()) + " XP";
      return RenderedSvg.cacheable(BadgeSvg.render(label, message, BadgeSvg.MESSAGE_COLOR, options.style(), title));
    }
    var language = publicFigures.language(figures, options.language()).orElse(null);
    if (language == null) {
      return RenderedSvg.uncached(HttpStatus.NOT_FOUND, BadgeSvg.render(
          options.label() == null ? BRAND : options.label(), "no such language", BadgeSvg.GREY, options.style(),
          BRAND + ": no such language"));
    }
    String label = options.label() == null ? language.name() : options.label();
    String title = BRAND + ": " + figures.name() + ", " + language.name() + " level "
        + LevelMaths.level(language.xp()) + ", " + LevelMaths.thousands(language.xp()) + " XP";
    return RenderedSvg.cacheable(
        BadgeSvg.render(label, message(language.xp()), BadgeSvg.MESSAGE_COLOR, options.style(), title));
  }

  /** {@code level 23 · 1.2M XP}. */
  static String message(long xp) {
    return "level " + LevelMaths.level(xp) + " · " + Svg.compact(xp) + " XP";
  }

  /** A 400 answer as a badge, so a mistyped README link shows what is wrong. */
  static RenderedSvg badRequest(String problem) {
    return RenderedSvg.uncached(HttpStatus.BAD_REQUEST,
        BadgeSvg.render(BRAND, problem, BadgeSvg.RED, BadgeStyle.FLAT, BRAND + ": " + problem));
  }
}
