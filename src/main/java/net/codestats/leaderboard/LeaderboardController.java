package net.codestats.leaderboard;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.codestats.account.UsernamePaths;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The board pages {@code /leaderboards} and {@code /leaderboards/{language}}. */
@PageController
class LeaderboardController {

  /** Languages linked above the board (the most ranked users first); any other by the form. */
  private static final int LANGUAGE_LINKS = 20;

  private final Leaderboards leaderboards;

  LeaderboardController(Leaderboards leaderboards) {
    this.leaderboards = leaderboards;
  }

  @GetMapping("/leaderboards")
  String overall(
      @RequestParam(required = false) String window,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String language,
      @AuthenticationPrincipal UserIdentity viewer,
      Model model,
      HttpServletResponse response) {
    if (language != null && !language.isBlank()) {
      return languageBoard(language, true, window, page, viewer, model, response);
    }
    return show("/leaderboards", null, window, page, viewer, model, response);
  }

  @GetMapping("/leaderboards/{language}")
  String byLanguage(
      @PathVariable String language,
      @RequestParam(required = false) String window,
      @RequestParam(required = false) String page,
      @AuthenticationPrincipal UserIdentity viewer,
      Model model,
      HttpServletResponse response) {
    return languageBoard(language, false, window, page, viewer, model, response);
  }

  private String languageBoard(
      String name, boolean fromQuery, String window, String page, UserIdentity viewer, Model model,
      HttpServletResponse response) {
    // the name as it is, then with '+' for spaces (as profile paths): "C++" is itself
    Optional<Long> found = leaderboards.language(name);
    if (found.isEmpty() && !fromQuery && name.indexOf('+') >= 0) {
      found = leaderboards.language(UsernamePaths.fromSegment(name));
    }
    if (found.isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "No such leaderboard",
          "No public profile has XP in a language called “" + name + "”.", model, response);
    }
    long languageId = found.get();
    String path = BoardView.languagePath(leaderboards.languageName(languageId));
    return show(path, languageId, window, page, viewer, model, response);
  }

  private String show(
      String path, Long languageId, String window, String page, UserIdentity viewer, Model model,
      HttpServletResponse response) {
    var parsed = BoardRequest.parse(window, page);
    if (parsed.problem() != null) {
      return problem(HttpStatus.BAD_REQUEST, "Bad request", parsed.problem(), model, response);
    }
    BoardRequest request = parsed.request();
    BoardPage board = leaderboards.page(request.window(), languageId, request.page());
    OwnRank own = viewer == null ? null : leaderboards.ownRank(viewer.userId(), request.window(), languageId);
    var provisional = new BoardView(board, own, path, List.of(), List.of(), 0);
    var windows = new ArrayList<BoardView.Link>();
    for (BoardWindow w : BoardWindow.values()) {
      windows.add(new BoardView.Link(w.label(), provisional.href(w.key(), 1), w == request.window()));
    }
    var languages = new ArrayList<BoardView.Link>();
    String windowQuery = request.window() == BoardWindow.WEEK ? "" : "window=" + request.window().key();
    languages.add(new BoardView.Link("All languages",
        "/leaderboards" + (windowQuery.isEmpty() ? "" : "?" + windowQuery), languageId == null));
    for (var language : leaderboards.languageBoards(LANGUAGE_LINKS)) {
      String href = BoardView.languagePath(language.name());
      if (!windowQuery.isEmpty()) {
        href += (href.contains("?") ? "&" : "?") + windowQuery;
      }
      languages.add(new BoardView.Link(language.name(), href, language.name().equals(board.language())));
    }
    model.addAttribute("view", new BoardView(board, own, path, windows, languages, leaderboards.maxXpPerMinute()));
    return "leaderboard/board";
  }

  private static String problem(
      HttpStatus status, String heading, String message, Model model, HttpServletResponse response) {
    response.setStatus(status.value());
    model.addAttribute("heading", heading);
    model.addAttribute("message", message);
    return "leaderboard/problem";
  }
}
