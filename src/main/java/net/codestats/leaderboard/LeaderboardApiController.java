package net.codestats.leaderboard;

import net.codestats.web.ErrorBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/leaderboards?window=7d&language=Java&page=1}: a page of a board as JSON,
 * open to any origin like {@code /api/users/{name}}; a bad parameter is a 400 and an unknown
 * language a 404, both with the API's {@code {"error":"…"}} body.
 */
@RestController
class LeaderboardApiController {

  private final Leaderboards leaderboards;

  LeaderboardApiController(Leaderboards leaderboards) {
    this.leaderboards = leaderboards;
  }

  /** A parameter the board cannot answer. */
  static final class BadBoardQuery extends RuntimeException {
    private final HttpStatus status;

    BadBoardQuery(HttpStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  // no "produces": any Accept gets the JSON (and its errors), as a browser tab asking for HTML
  @GetMapping("/api/leaderboards")
  ResponseEntity<BoardPage> board(
      @RequestParam(required = false) String window,
      @RequestParam(required = false) String language,
      @RequestParam(required = false) String page) {
    var parsed = BoardRequest.parse(window, page);
    if (parsed.problem() != null) {
      throw new BadBoardQuery(HttpStatus.BAD_REQUEST, parsed.problem());
    }
    Long languageId = null;
    if (language != null && !language.isBlank()) {
      languageId =
          leaderboards.language(language)
              .orElseThrow(() -> new BadBoardQuery(HttpStatus.NOT_FOUND, "Language not found."));
    }
    BoardPage board = leaderboards.page(parsed.request().window(), languageId, parsed.request().page());
    return ResponseEntity.ok()
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .contentType(MediaType.APPLICATION_JSON)
        .body(board);
  }

  @ExceptionHandler(BadBoardQuery.class)
  ResponseEntity<ErrorBody> problem(BadBoardQuery problem) {
    return ErrorBody.answer(
        ResponseEntity.status(problem.status).header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        problem.getMessage());
  }
}
