package net.codestats.leaderboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

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
  @Operation(
      operationId = "getLeaderboard",
      summary = "A page of a leaderboard",
      description = "Public profiles only, open to any origin (CORS). Windows start at a UTC midnight; the board is "
          + "at most a minute stale; XP beyond the plausible rate per minute is not ranked (some_xp_unranked).")
  @ApiResponse(responseCode = "200", description = "The page (past the last page: no entries)",
      headers = @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true,
          schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = BoardPage.class)))
  @ApiResponse(responseCode = "400", description = "An unknown window or a page that is not a positive number",
      headers = @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true,
          schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = ErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "A language no public profile has XP in",
      headers = @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true,
          schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = ErrorBody.class)))
  @GetMapping("/api/leaderboards")
  ResponseEntity<BoardPage> board(
      @Parameter(description = "7d (default), 30d, year or all",
          example = "7d") @RequestParam(required = false) String window,
      @Parameter(description = "A language (any case, aliases followed); none for the overall board",
          example = "Java") @RequestParam(required = false) String language,
      @Parameter(description = "From 1 (default), 50 entries a page",
          example = "1") @RequestParam(required = false) String page) {
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
