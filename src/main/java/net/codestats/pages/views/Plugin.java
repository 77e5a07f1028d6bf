package net.codestats.pages.views;

/**
 * An editor plugin and how to point it at this server, as its own source reads its settings.
 *
 * @param id the page anchor, e.g. {@code vscode}
 * @param installUrl where the plugin is published
 * @param install how to install it, in one or two sentences
 * @param tokenSetting where the machine's API token goes
 * @param urlSetting where the server's address goes
 * @param url the address to give there: plugins differ in what they append to it
 * @param file where {@link #snippet} goes, or null when the plugin is set up in a dialog
 * @param snippet the settings with {@value #TOKEN_SLOT} for the token, or null
 * @param note something that trips users up, or null
 */
public record Plugin(
    String id,
    String editor,
    String name,
    String installUrl,
    String install,
    String tokenSetting,
    String urlSetting,
    String url,
    String file,
    String snippet,
    String note) {

  public static final String TOKEN_SLOT = "{token}";

  /** What a page shows where it does not know the reader's token. */
  public static final String TOKEN_PLACEHOLDER = "<your API token>";

  public boolean hasSnippet() {
    return snippet != null;
  }

  /** The settings ready to paste, with {@code token} filled in. */
  public String snippet(String token) {
    return snippet.replace(TOKEN_SLOT, token);
  }
}
