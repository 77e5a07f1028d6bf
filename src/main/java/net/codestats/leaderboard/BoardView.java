package net.codestats.leaderboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.codestats.account.UsernamePaths;
import net.codestats.xp.LevelMaths;

/**
 * What the board page shows: the page of the board, the viewer's own standing (null when
 * signed out), and the links to other windows, languages and pages.
 *
 * @param maxXpPerMinute the plausible rate, above which XP is not ranked
 * @param path the board's path, {@code /leaderboards} or {@code /leaderboards/{language}}
 *     (or {@code /leaderboards?language=…} for a name that cannot be a path segment)
 */
public record BoardView(
    BoardPage board, OwnRank own, String path, List<Link> windows, List<Link> languages, long maxXpPerMinute) {

  /** A link; {@code current} marks the one shown. */
  public record Link(String label, String href, boolean current) {}

  /** A page number to link, or a gap ({@code number == 0}). */
  public record PageLink(int number, boolean current) {
    public boolean gap() {
      return number == 0;
    }
  }

  /** The path of a language's board: '+' for spaces, as profile paths. */
  public static String languagePath(String language) {
    if (language.indexOf('/') >= 0 || language.indexOf('\\') >= 0 || language.indexOf('%') >= 0
        || language.indexOf(';') >= 0) {
      // the firewall refuses (encoded) slashes and semicolons in paths: such names go in the query
      return "/leaderboards?language=" + URLEncoder.encode(language, StandardCharsets.UTF_8);
    }
    return "/leaderboards/" + UsernamePaths.toSegment(language);
  }

  /** A link to a page of this board in the window shown. */
  public String href(int page) {
    return href(board.window(), page);
  }

  String href(String window, int page) {
    var query = new ArrayList<String>();
    if (!window.equals(BoardWindow.WEEK.key())) {
      query.add("window=" + window);
    }
    if (page > 1) {
      query.add("page=" + page);
    }
    if (query.isEmpty()) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + String.join("&", query);
  }

  /** The first and last page and two either side of the current one, with gaps between. */
  public List<PageLink> pageLinks() {
    var links = new ArrayList<PageLink>();
    int last = 0;
    int shown = Math.min(board.page(), board.pages());
    for (int n = 1; n <= board.pages(); n++) {
      if (n == 1 || n == board.pages() || Math.abs(n - shown) <= 2) {
        if (last != 0 && n > last + 1) {
          links.add(new PageLink(0, false));
        }
        links.add(new PageLink(n, n == board.page()));
        last = n;
      }
    }
    return links;
  }

  /** {@code 1234567} as {@code 1,234,567}. */
  public static String thousands(long number) {
    return LevelMaths.thousands(number);
  }

  /** The own-rank line: "You are #1,234 of 5,678", or why not. */
  public String ownText() {
    if (own == null) {
      return null;
    }
    return switch (own.standing()) {
      case RANKED -> "You are #" + thousands(own.rank()) + " of " + thousands(own.of()) + ".";
      case NOT_ON_BOARD -> "You have no ranked XP on this board yet.";
      case PRIVATE -> "Your profile is private, so you are not ranked.";
      case EXCLUDED -> "You have been taken off the leaderboards.";
    };
  }

  public String title() {
    return (board.language() == null ? "Leaderboard" : board.language() + " leaderboard") + ": "
        + board.windowLabel().toLowerCase(Locale.ROOT);
  }
}
