package net.codestats.avatar;

import java.security.Principal;
import java.time.Duration;
import net.codestats.account.AccountDetails;
import net.codestats.account.Accounts;
import net.codestats.account.UsernamePaths;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /avatar/{username}} and the original's {@code /users/{username}/avatar}: a user's avatar;
 * a private profile's only for its owner.
 */
@RestController
class AvatarController {

  private final Accounts accounts;
  private final Avatars avatars;

  AvatarController(Accounts accounts, Avatars avatars) {
    this.accounts = accounts;
    this.avatars = avatars;
  }

  @GetMapping({"/avatar/{username}", "/users/{username}/avatar"})
  ResponseEntity<byte[]> avatar(@PathVariable String username, Principal principal) {
    var user = accounts.lookUp(UsernamePaths.fromSegment(username)).orElse(null);
    boolean owner = user != null && principal != null && principal.getName().equals(user.username());
    if (user == null || (user.privateProfile() && !owner)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
    }
    String gravatarEmail = accounts.details(user.id()).map(AccountDetails::gravatarEmail).orElse(null);
    var image = avatars.avatar(user.username(), gravatarEmail);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(image.contentType()))
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
        .header("X-Content-Type-Options", "nosniff")
        .body(image.bytes());
  }
}
