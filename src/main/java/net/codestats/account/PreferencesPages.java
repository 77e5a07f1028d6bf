package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.codestats.system.Flashes;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The preferences tabs: user details, password, export/import, account deletion. */
@Controller
class PreferencesPages {

  private final Accounts accounts;
  private final PulseImports imports;
  private final PersistentTokenBasedRememberMeServices rememberMe;
  private final UserSessions sessions;

  PreferencesPages(
      Accounts accounts,
      PulseImports imports,
      PersistentTokenBasedRememberMeServices rememberMe,
      UserSessions sessions) {
    this.accounts = accounts;
    this.imports = imports;
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
    model.addAttribute("importStatus", imports.status(user.userId()).orElse(null));
    return "account/preferences";
  }

  @PostMapping("/my/preferences")
  String details(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(name = "private_profile", required = false) String privateProfile,
      @RequestParam(name = "gravatar_email", defaultValue = "") String gravatarEmail,
      RedirectAttributes redirect) {
    try {
      accounts.updateDetails(user.userId(), email, privateProfile != null, gravatarEmail);
      Flashes.success(redirect, "Preferences updated!");
    } catch (AccountException e) {
      Flashes.error(redirect, "Error updating preferences: " + e.getMessage());
    }
    return "redirect:/my/preferences";
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
      Flashes.success(redirect, "Password changed.");
    } catch (AccountException e) {
      Flashes.error(redirect, e.getMessage());
    }
    return "redirect:/my/preferences#password";
  }

  @PostMapping("/my/preferences/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(name = "delete_confirmation", defaultValue = "") String confirmation,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    if (!"DELETE".equals(confirmation)) {
      Flashes.error(redirect, "Please confirm deletion by typing \"DELETE\" into the input field.");
      return "redirect:/my/preferences#delete";
    }
    accounts.delete(user.userId());
    sessions.endAll(user.getUsername(), null);
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    rememberMe.logout(request, response, authentication);
    new SecurityContextLogoutHandler().logout(request, response, authentication);
    Flashes.info(redirect, "Your user account has been deleted.");
    return "redirect:/";
  }
}
