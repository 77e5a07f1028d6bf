package net.codestats.account;

import java.security.Principal;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page a mailed confirmation link opens. Opening it changes nothing (mail scanners open
 * links too); its button confirms.
 */
@PageController
class EmailConfirmationController {

  private final EmailConfirmations emails;

  EmailConfirmationController(EmailConfirmations emails) {
    this.emails = emails;
  }

  @GetMapping("/confirm-email/{token}")
  String confirm(@PathVariable String token, Model model) {
    var pending = emails.pending(token).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("token", token);
    model.addAttribute("email", pending.email());
    model.addAttribute("username", pending.username());
    return "account/confirm-email";
  }

  @PostMapping("/confirm-email/{token}")
  String confirm(@PathVariable String token, Principal principal, RedirectAttributes redirect) {
    var confirmed = emails.confirm(token);
    if (confirmed.isEmpty()) {
      Flashes.error(redirect, "This confirmation link has expired or was used already. Please ask for a new one.");
      return principal == null ? "redirect:/login" : "redirect:/my/preferences#details";
    }
    String text = "The e-mail address " + confirmed.get().email() + " is confirmed: password resets go there now.";
    if (principal == null) {
      Flashes.success(redirect, text);
      return "redirect:/login";
    }
    FormMessage.success(redirect, "details", text);
    return "redirect:/my/preferences#details";
  }
}
