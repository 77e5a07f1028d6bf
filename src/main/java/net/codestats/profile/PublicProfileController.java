package net.codestats.profile;

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
class PublicProfileController {

  private final Accounts accounts;
  private final ProfileCache cache;

  PublicProfileController(Accounts accounts, ProfileCache cache) {
    this.accounts = accounts;
    this.cache = cache;
  }

  @GetMapping(path = "/api/users/{username}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> profile(@PathVariable String username) {
    String name = UsernamePaths.fromSegment(username);
    User user = accounts.lookUp(name).filter(u -> !u.privateProfile()).orElse(null);
    if (user == null) {
      return ErrorBody.answer(
          ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
          "User not found or private.");
    }
    if (!user.username().equals(name)) {
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
          .location(URI.create("/api/users/" + UsernamePaths.toSegment(user.username())))
          .build();
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .contentType(MediaType.APPLICATION_JSON)
        .body(cache.snapshot(user).publicJson());
  }

}
