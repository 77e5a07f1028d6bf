package net.codestats.correction;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /my/corrections}: the choice and its preview (a GET, which changes nothing), the
 * removal (a POST of the same choice) and the list with its restore buttons. Bad input shows
 * the page again with the reason and a 400; another user's correction is a 404.
 */
@PageController
class CorrectionController {

  private static final String VIEW = "correction/corrections";

  private final Corrections corrections;

  CorrectionController(Corrections corrections) {
    this.corrections = corrections;
  }

  @GetMapping("/my/corrections")
  String page(
      @AuthenticationPrincipal UserIdentity user,
      @ModelAttribute CorrectionForm form,
      HttpServletResponse response,
      Model model) {
    CorrectionPreview preview = null;
    String error = null;
    if (!form.isEmpty()) {
      try {
        preview = corrections.preview(user.userId(), corrections.scope(user.userId(), form));
        if (preview.isEmpty()) {
          error = "Nothing to remove: no XP matches your choice.";
          preview = null;
        }
      } catch (CorrectionException e) {
        error = e.getMessage();
        response.setStatus(HttpStatus.BAD_REQUEST.value());
      }
    }
    return show(user, form, preview, error, model);
  }

  @PostMapping("/my/corrections")
  String remove(
      @AuthenticationPrincipal UserIdentity user,
      @ModelAttribute CorrectionForm form,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    try {
      Correction done = corrections.remove(user.userId(), corrections.scope(user.userId(), form));
      Flashes.success(
          redirect,
          "Removed %,d XP in %,d pulses (%s). You can restore it here until %s."
              .formatted(done.xp(), done.pulses(), done.what(), CorrectionViews.when(done.restorableUntil())));
      return "redirect:/my/corrections";
    } catch (CorrectionException e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return show(user, form, null, e.getMessage(), model);
    }
  }

  @PostMapping("/my/corrections/{id}/restore")
  String restore(
      @AuthenticationPrincipal UserIdentity user,
      @PathVariable String id,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    long correctionId = parseId(id);
    try {
      Correction done = corrections.restore(user.userId(), correctionId);
      Flashes.success(redirect, "Restored %,d XP (%s).".formatted(done.xp(), done.what()));
      return "redirect:/my/corrections";
    } catch (CorrectionException e) {
      if (e.isNotFound()) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
      }
      response.setStatus(HttpStatus.CONFLICT.value());
      return show(user, CorrectionForm.empty(), null, e.getMessage(), model);
    }
  }

  private String show(UserIdentity user, CorrectionForm form, CorrectionPreview preview, String error, Model model) {
    ZoneOffset local = corrections.localZone(user.userId());
    model.addAttribute(
        "view",
        new CorrectionViews(
            form == null ? CorrectionForm.empty() : form,
            corrections.machines(user.userId()),
            corrections.languages(user.userId()),
            CorrectionScope.zoneLabel(local),
            preview,
            error,
            corrections.list(user.userId())));
    return VIEW;
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }
}
