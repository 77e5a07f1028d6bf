package net.codestats.badge;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import net.codestats.account.UsernamePaths;
import net.codestats.profile.PublicFigures;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /users/{name}/badge.svg} and {@code /users/{name}/card.svg}: SVG images of a public
 * profile for README files. Unknown and private users alike get a grey "not found" badge with
 * 404; a name in another case is redirected to the name as registered, as the profile page
 * and the JSON API do; options it cannot use get a red badge with 400.
 */
@RestController
class BadgeController {

  static final int MAX_LABEL = 40;
  static final int DEFAULT_LANGUAGES = 5;
  static final int MAX_LANGUAGES = 10;
  /** Longer than any language name a badge could find (see {@code Languages.MAX_NAME_LENGTH}). */
  private static final int MAX_LANGUAGE = 255;

  private final Badges badges;

  BadgeController(Badges badges) {
    this.badges = badges;
  }

  @GetMapping("/users/{username}/badge.svg")
  ResponseEntity<byte[]> badge(
      @PathVariable String username,
      @RequestParam(required = false) String language,
      @RequestParam(required = false) String style,
      @RequestParam(required = false) String label,
      HttpServletRequest request) {
    BadgeStyle badgeStyle = style == null ? BadgeStyle.FLAT : BadgeStyle.of(style).orElse(null);
    if (badgeStyle == null) {
      return Badges.badRequest("style: flat, flat-square or for-the-badge").response();
    }
    String badgeLabel = null;
    if (label != null) {
      badgeLabel = label.strip();
      if (badgeLabel.isEmpty() || badgeLabel.codePointCount(0, badgeLabel.length()) > MAX_LABEL
          || hasControl(badgeLabel)) {
        return Badges.badRequest("label: 1 to " + MAX_LABEL + " characters").response();
      }
    }
    String badgeLanguage = null;
    if (language != null) {
      badgeLanguage = language.strip().toLowerCase(Locale.ROOT);
      if (badgeLanguage.isEmpty() || badgeLanguage.length() > MAX_LANGUAGE || hasControl(badgeLanguage)) {
        return Badges.badRequest("language: a language's name").response();
      }
    }
    return answer(username, "badge.svg", request, new Badges.BadgeOptions(badgeLanguage, badgeStyle, badgeLabel));
  }

  @GetMapping("/users/{username}/card.svg")
  ResponseEntity<byte[]> card(
      @PathVariable String username,
      @RequestParam(required = false) String languages,
      @RequestParam(required = false) String theme,
      HttpServletRequest request) {
    int count = languages == null ? DEFAULT_LANGUAGES : count(languages);
    if (count < 0) {
      return Badges.badRequest("languages: 0 to " + MAX_LANGUAGES).response();
    }
    CardTheme cardTheme = theme == null ? CardTheme.LIGHT : CardTheme.of(theme).orElse(null);
    if (cardTheme == null) {
      return Badges.badRequest("theme: light, dark or auto").response();
    }
    return answer(username, "card.svg", request, new Badges.CardOptions(count, cardTheme));
  }

  private ResponseEntity<byte[]> answer(String segment, String file, HttpServletRequest request,
      Badges.Options options) {
    String name = UsernamePaths.fromSegment(segment);
    PublicFigures.Figures figures = badges.figures(name).orElse(null);
    if (figures == null) {
      return Badges.NOT_FOUND.response();
    }
    if (!figures.name().equals(name)) {
      String query = request.getQueryString();
      // the query as sent (already encoded): parsing it again could only fail on what Tomcat let through
      String location = "/users/" + UsernamePaths.toSegment(figures.name()) + "/" + file
          + (query == null ? "" : "?" + query);
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, location)
          .cacheControl(CacheControl.noStore())
          .build();
    }
    return badges.render(figures, options).response();
  }

  /** {@code 0..10}, or -1 for anything else. */
  private static int count(String text) {
    String digits = text.strip();
    if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int count = Integer.parseInt(digits);
    return count <= MAX_LANGUAGES ? count : -1;
  }

  private static boolean hasControl(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }
}
