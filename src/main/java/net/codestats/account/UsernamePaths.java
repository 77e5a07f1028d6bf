package net.codestats.account;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/** Usernames in URL paths, as the original site wrote them: a space is a '+'. */
public final class UsernamePaths {

  private UsernamePaths() {}

  /** The path segment for a username ('+' for spaces; usernames cannot contain '+'). */
  public static String toSegment(String username) {
    return UriUtils.encodePathSegment(username, StandardCharsets.UTF_8).replace("%20", "+");
  }

  /** The username a (decoded) path segment names. */
  public static String fromSegment(String segment) {
    return segment.replace('+', ' ');
  }
}
