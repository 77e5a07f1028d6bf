package net.codestats.account;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import net.codestats.account.views.SignupForm;
import net.codestats.system.Flashes;
import net.codestats.system.PageContexts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Log-in page (the form posts to Spring Security) and sign-up. */
@Controller
class LoginPages {

  static final String WRONG_LOGIN = "Wrong username and/or password!";

  private final Accounts accounts;

  LoginPages(Accounts accounts) {
    this.accounts = accounts;
  }

  @GetMapping("/login")
  String login(Principal principal) {
    return principal != null ? "redirect:/my/profile" : "account/login";
  }

  @GetMapping("/signup")
  String signup(Principal principal, Model model) {
    if (principal != null) {
      return "redirect:/my/profile";
    }
    model.addAttribute("form", SignupForm.EMPTY);
    return "account/signup";
  }

  @PostMapping("/signup")
  String signup(
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(name = "old_enough", required = false) String oldEnough,
      @RequestParam(name = "terms_read", required = false) String termsRead,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    var form = new SignupForm(username, email, oldEnough != null, termsRead != null);
    try {
      if (!form.oldEnough()) {
        throw new AccountException("You must be at least 16 years old to use the service.");
      }
      if (!form.termsRead()) {
        throw new AccountException("You must read and accept the terms of service and privacy policy.");
      }
      accounts.create(username, password, email);
    } catch (AccountException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      PageContexts.error(model, e.getMessage());
      model.addAttribute("form", form);
      return "account/signup";
    }
    Flashes.success(
        redirect,
        "Great success! Your account was created and you can now log in with the details you provided.");
    return "redirect:/login";
  }
}
