package net.codestats.pages.views;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * The API docs' examples for a user that exists here: the signed-in user, else the demo user.
 *
 * @param user whose profile the examples read
 * @param ownProfile whether that is the signed-in user
 */
public record ApiExamples(ServerUrls urls, String user, boolean ownProfile) {

  public String profileJsonUrl() {
    return urls.base() + "/api/users/" + UriUtils.encodePathSegment(user, StandardCharsets.UTF_8);
  }

  /** A shell command that queries the profile over GraphQL, quoted for a POSIX shell. */
  public String graphqlCurl() {
    String document =
        "{ profile(username: \\\"" + jsonEscaped(jsonEscaped(user)) + "\\\") { totalXp languages { name xp } } }";
    String body = "{\"query\": \"" + document + "\"}";
    return "curl " + urls.base() + "/profile-graph -H 'Content-Type: application/json' \\\n  -d '"
        + body.replace("'", "'\\''") + "'";
  }

  private static String jsonEscaped(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
