package net.codestats.leaderboard;

import java.util.Optional;

/** The query of a board (page or JSON), checked: the window and the page, or what is wrong. */
record BoardRequest(BoardWindow window, int page) {

  /** Pages beyond this are refused rather than computed (no board is that long). */
  static final int MAX_PAGE = 100_000;

  static final String WINDOWS = "7d, 30d, year or all";

  /** @return the request, or the message of a 400 */
  static Result parse(String window, String page) {
    BoardWindow w = BoardWindow.WEEK;
    if (window != null && !window.isBlank()) {
      Optional<BoardWindow> known = BoardWindow.of(window.strip());
      if (known.isEmpty()) {
        return new Result(null, "Unknown window: use " + WINDOWS + ".");
      }
      w = known.get();
    }
    int p = 1;
    if (page != null && !page.isBlank()) {
      try {
        p = Integer.parseInt(page.strip());
      } catch (NumberFormatException e) {
        return new Result(null, "page must be a whole number from 1 to " + MAX_PAGE + ".");
      }
      if (p < 1 || p > MAX_PAGE) {
        return new Result(null, "page must be a whole number from 1 to " + MAX_PAGE + ".");
      }
    }
    return new Result(new BoardRequest(w, p), null);
  }

  record Result(BoardRequest request, String problem) {}
}
