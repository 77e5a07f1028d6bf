package net.codestats.profile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.account.UsernamePaths;
import net.codestats.web.ErrorBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/{username}}: the public profile JSON, open to any origin. */
@RestController
@Tag(name = "Profiles", description = "Reading a public profile")
class PublicProfileController {

  private final Accounts accounts;
  private final ProfileCache cache;

  PublicProfileController(Accounts accounts, ProfileCache cache) {
    this.accounts = accounts;
    this.cache = cache;
  }

  @Operation(
      operationId = "getProfile",
      summary = "A public profile",
      description = "Open to any origin (CORS). total_xp and languages include XP of deactivated machines; machines "
          + "lists active machines only; new_* is the XP of the last 12 hours; dates are the user's local dates. "
          + "No levels: level = floor(0.025 * sqrt(xp)).")
  @ApiResponse(responseCode = "200", description = "The profile",
      headers = @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true,
          schema = @Schema(type = "string")),
      content = @Content(schema = @Schema(implementation = PublicProfile.class)))
  @ApiResponse(responseCode = "302", description = "The name's case differs from the stored one: its address",
      headers = {
        @Header(name = HttpHeaders.LOCATION, required = true, schema = @Schema(type = "string")),
        @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true, schema = @Schema(type = "string"))
      },
      content = @Content)
  @ApiResponse(responseCode = "404", description = "Unknown user, or a private profile (the same answer)",
      headers = @Header(name = HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, required = true,
          schema = @Schema(type = "string")),
      content = @Content(schema = @Schema(implementation = PublicProfileShapes.NotFound.class)))
  @ApiResponse(responseCode = "503", description = "The database is briefly unavailable",
      headers = @Header(name = HttpHeaders.RETRY_AFTER, required = true, schema = @Schema(type = "integer")),
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @GetMapping(path = "/api/users/{username}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> profile(
      @Parameter(description = "Matched without regard to case; + in the path means a space",
          example = "Nicd") @PathVariable String username,
      HttpServletResponse response)
      throws IOException {
    String name = UsernamePaths.fromSegment(username);
    User user = accounts.lookUp(name).filter(u -> !u.privateProfile()).orElse(null);
    if (user == null) {
      return ErrorBody.answer(
          ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
          PublicProfileShapes.NOT_FOUND);
    }
    if (!user.username().equals(name)) {
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
          .location(URI.create("/api/users/" + UsernamePaths.toSegment(user.username())))
          .build();
    }
    // the most-read answer, serialized once per snapshot: written as it is, not through message
    // conversion and its content negotiation (a null entity tells MVC the response is written)
    byte[] json = cache.snapshot(user).publicJson();
    response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
    return null;
  }

}
