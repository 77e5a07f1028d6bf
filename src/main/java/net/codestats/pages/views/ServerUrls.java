package net.codestats.pages.views;

/**
 * This server's addresses in the forms plugins ask for. Plugins differ in what they append to
 * the address they are given, so each gets the form that ends up at the pulse address.
 *
 * @param base the public URL without a trailing slash, e.g. {@code https://stats.example.com}
 */
public record ServerUrls(String base) {

  /** The site with a trailing slash, for plugins that resolve {@code api/my/pulses} against it. */
  public String site() {
    return base + "/";
  }

  /** The API root with a trailing slash, as VS Code's plugin has it by default. */
  public String api() {
    return base + "/api/";
  }

  /** The API root for plugins that append {@code /my/pulses} themselves. */
  public String apiRoot() {
    return base + "/api";
  }

  public String pulses() {
    return base + "/api/my/pulses";
  }
}
