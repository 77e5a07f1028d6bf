package net.codestats.profile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.codestats.account.UsernamePaths;
import org.springframework.web.util.UriUtils;

/**
 * Language names in URL paths as usernames are written there: a space is a '+'. A '+' of the
 * name itself ({@code C++}) is {@code %2B}, so the raw segment is decoded here, not by Spring.
 */
final class LanguagePaths {

  private LanguagePaths() {}

  static String toSegment(String language) {
    return UriUtils.encodePathSegment(language, StandardCharsets.UTF_8).replace("+", "%2B").replace("%20", "+");
  }

  /** The name a raw (still encoded) path segment names; empty for a malformed one. */
  static Optional<String> fromRawSegment(String raw) {
    try {
      return Optional.of(UriUtils.decode(raw.replace("+", "%20"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The language page of a user. */
  static String path(String username, String language) {
    return "/users/" + UsernamePaths.toSegment(username) + "/languages/" + toSegment(language);
  }

  /** The pulses behind one of the owner's days, in one language when it is not null. */
  static String explainDay(String date, String language) {
    return "/my/days/" + date
        + (language == null ? "" : "?language=" + URLEncoder.encode(language, StandardCharsets.UTF_8));
  }
}
