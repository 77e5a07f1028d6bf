package net.codestats.profile;

import java.util.Map;
import net.codestats.account.HiddenLanguages;
import net.codestats.account.UsernamePaths;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import net.codestats.xp.XpQueries;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner hides one of their languages from the public profile, or shows it again (the form
 * on their view of the profile page). The account keeps the preference by language id; the
 * name is resolved here among the languages the user has XP in.
 */
@PageController
class HiddenLanguageController {

  private final XpQueries xp;
  private final HiddenLanguages hiddenLanguages;

  HiddenLanguageController(XpQueries xp, HiddenLanguages hiddenLanguages) {
    this.xp = xp;
    this.hiddenLanguages = hiddenLanguages;
  }

  @PostMapping("/my/hidden-languages")
  String setHidden(
      @AuthenticationPrincipal UserIdentity user,
      @RequestParam(defaultValue = "") String language,
      @RequestParam(defaultValue = "") String hidden,
      RedirectAttributes redirect) {
    if (!"true".equals(hidden) && !"false".equals(hidden)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "hidden must be true or false.");
    }
    Map<String, Long> ids = xp.languageIds(user.userId());
    Long id = ids.get(language);
    if (id == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "You have no XP in that language.");
    }
    boolean hide = Boolean.parseBoolean(hidden);
    hiddenLanguages.setHidden(user.userId(), id, hide);
    Flashes.success(
        redirect, language + (hide ? " is hidden from your public profile." : " is shown on your public profile."));
    return "redirect:/users/" + UsernamePaths.toSegment(user.getUsername()) + "#public-items";
  }
}
