package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The preferences tabs: user details, password, export/import, account deletion. Each form's
 * answer is shown in its own tab ({@link FormMessage}). Changing the e-mail address, the
 * password and deleting the account need the current password: a session left open somewhere
 * must not be enough to take the account over or remove it.
 */
@PageController
class PreferencesController {

  private final Accounts accounts;
  private final EmailConfirmations emails;
  private final List<PreferencesSection> sections;
  private final PersistentTokenBasedRememberMeServices rememberMe;
  private final UserSessions sessions;

  PreferencesController(
      Accounts accounts,
      EmailConfirmations emails,
      List<PreferencesSection> sections,
      PersistentTokenBasedRememberMeServices rememberMe,
      UserSessions sessions) {
    this.accounts = accounts;
    this.emails = emails;
    this.sections = sections;
    this.rememberMe = rememberMe;
    this.sessions = sessions;
  }

  @GetMapping("/my/profile")
  String profile(@AuthenticationPrincipal SignedInUser user) {
    return "redirect:/users/" + UsernamePaths.toSegment(user.getUsername());
  }

  @GetMapping("/my/preferences")
  String preferences(@AuthenticationPrincipal SignedInUser user, Model model) {
    model.addAttribute("details", accounts.details(user.userId()).orElseThrow());
    model.addAttribute("emailConfirmed", accounts.emailConfirmed(user.userId()));
    model.addAttribute("mailOptOut", accounts.mailOptOut(user.userId()));
    model.addAttribute("emailWaiting", emails.waitingFor(user.userId()).orElse(null));
    sections.forEach(section -> section.addTo(model, user.userId()));
    return "account/preferences";
  }

  @PostMapping("/my/preferences")
  String details(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(name = "current_password", defaultValue = "") String currentPassword,
      @RequestParam(name = "private_profile", required = false) String privateProfile,
      @RequestParam(name = "gravatar_email", defaultValue = "") String gravatarEmail,
      @RequestParam(name = "mail_opt_out", required = false) String mailOptOut,
      RedirectAttributes redirect) {
    try {
      // both checked before either is stored
      Accounts.validEmail(gravatarEmail);
      boolean mailed = emails.change(user.userId(), currentPassword, email);
      accounts.updateDetails(user.userId(), privateProfile != null, gravatarEmail);
      accounts.setMailOptOut(user.userId(), mailOptOut != null);
      FormMessage.success(
          redirect,
          "details",
          mailed
              ? "Preferences updated! A confirmation link was mailed to " + email.strip()
                  + ": the new address is used once you have opened it."
              : "Preferences updated!");
    } catch (AccountException e) {
      FormMessage.error(redirect, "details", "Error updating preferences: " + e.getMessage());
    }
    return "redirect:/my/preferences#details";
  }

  @PostMapping("/my/preferences/email/resend")
  String resendConfirmation(@AuthenticationPrincipal SignedInUser user, RedirectAttributes redirect) {
    emails
        .resend(user.userId())
        .ifPresentOrElse(
            email -> FormMessage.info(redirect, "details", "A new confirmation link was mailed to " + email + "."),
            () -> FormMessage.error(redirect, "details", "No e-mail address is waiting for confirmation."));
    return "redirect:/my/preferences#details";
  }

  @PostMapping("/my/preferences/password")
  String password(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(name = "old_password", defaultValue = "") String oldPassword,
      @RequestParam(name = "new_password", defaultValue = "") String newPassword,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    try {
      accounts.changePassword(user.userId(), oldPassword, newPassword);
      // whoever else is logged in with the old password is logged out
      sessions.endAll(user.getUsername(), request.getSession().getId());
      FormMessage.success(redirect, "password", "Password changed.");
    } catch (AccountException e) {
      FormMessage.error(redirect, "password", e.getMessage());
    }
    return "redirect:/my/preferences#password";
  }

  @PostMapping("/my/preferences/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(name = "delete_confirmation", defaultValue = "") String confirmation,
      @RequestParam(name = "current_password", defaultValue = "") String currentPassword,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    if (!"DELETE".equals(confirmation)) {
      FormMessage.error(redirect, "delete", "Please confirm deletion by typing \"DELETE\" into the input field.");
      return "redirect:/my/preferences#delete";
    }
    try {
      accounts.delete(user.userId(), currentPassword);
    } catch (AccountException e) {
      FormMessage.error(redirect, "delete", e.getMessage());
      return "redirect:/my/preferences#delete";
    }
    sessions.endAll(user.getUsername(), null);
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    rememberMe.logout(request, response, authentication);
    new SecurityContextLogoutHandler().logout(request, response, authentication);
    Flashes.info(redirect, "Your user account has been deleted.");
    return "redirect:/";
  }
}
