package net.codestats.pages.views;

/**
 * This server's addresses in the forms plugins ask for.
 *
 * @param base the public URL without a trailing slash, e.g. {@code https://stats.example.com}
 */
public record ServerUrls(String base) {

  /** The API root that plugins which append {@code my/pulses} themselves want. */
  public String api() {
    return base + "/api/";
  }

  public String pulses() {
    return base + "/api/my/pulses";
  }

  public String profileJson(String username) {
    return base + "/api/users/" + username;
  }
}
