package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.codestats.web.Flashes;
import net.codestats.web.PageContexts;
import net.codestats.web.PageController;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "Forgot password" and the page the mailed link opens. */
@PageController
class PasswordResetController {

  /** The same whether or not the account exists, has an address or has confirmed it. */
  static final String SENT =
      "A password reset email will be sent shortly to the email address linked to the account, if the account has"
          + " a confirmed one. If you do not receive an email, please check that you typed the account name correctly.";

  private final PasswordResets resets;
  private final UserSessions sessions;

  PasswordResetController(PasswordResets resets, UserSessions sessions) {
    this.resets = resets;
    this.sessions = sessions;
  }

  @GetMapping("/forgot-password")
  String forgot() {
    return "account/forgot";
  }

  /** The same answer whether or not the account exists or has an address. */
  @PostMapping("/forgot-password")
  String forgot(@RequestParam(defaultValue = "") String username, RedirectAttributes redirect) {
    if (username.length() <= 254) {
      resets.request(username);
    }
    Flashes.info(redirect, SENT);
    return "redirect:/forgot-password";
  }

  @GetMapping("/reset-password/{token}")
  String reset(@PathVariable String token, Model model) {
    if (resets.userOf(token).isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    model.addAttribute("token", token);
    return "account/reset";
  }

  @PostMapping("/reset-password/{token}")
  String reset(
      @PathVariable String token,
      @RequestParam(defaultValue = "") String password,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      var username = resets.reset(token, password);
      if (username.isPresent()) {
        sessions.endAll(username.get(), null);
        Flashes.success(redirect, "Password reset successfully. You can now log in with the new password.");
      } else {
        Flashes.error(
            redirect,
            "Unable to reset password. The password reset token may have expired. Please try requesting a new token.");
      }
      return "redirect:/login";
    } catch (AccountException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      PageContexts.error(model, request, e.getMessage());
      model.addAttribute("token", token);
      return "account/reset";
    }
  }
}
