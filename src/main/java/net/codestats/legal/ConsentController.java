package net.codestats.legal;

import net.codestats.account.Accounts;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Accepting new legal terms: shows what changed since the version the user accepted. */
@PageController
class ConsentController {

  private final Accounts accounts;
  private final LegalTerms terms;

  ConsentController(Accounts accounts, LegalTerms terms) {
    this.accounts = accounts;
    this.terms = terms;
  }

  @GetMapping("/my/consent")
  String consent(@AuthenticationPrincipal UserIdentity user, Model model) {
    var details = accounts.details(user.userId()).orElseThrow();
    if (terms.isCurrent(details.termsAccepted())) {
      return "redirect:/my/profile";
    }
    model.addAttribute("accepted", details.termsAccepted());
    model.addAttribute("current", terms.current().date());
    model.addAttribute("changes", terms.changesSince(details.termsAccepted()));
    return "legal/consent";
  }

  @PostMapping("/my/consent")
  String accept(
      @AuthenticationPrincipal UserIdentity user,
      @RequestParam(required = false) String accept,
      @RequestParam(defaultValue = "") String version,
      RedirectAttributes redirect) {
    // The version shown is the one accepted: terms published meanwhile need another visit.
    if (accept == null || !version.equals(terms.current().date().toString())) {
      Flashes.error(redirect, "Please read the terms and tick the box to accept them.");
      return "redirect:/my/consent";
    }
    accounts.acceptTerms(user.userId(), terms.current().date());
    Flashes.success(redirect, "Thank you for accepting the new terms.");
    return "redirect:/my/profile";
  }
}
