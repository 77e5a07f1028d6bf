package net.codestats.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import net.codestats.account.views.SignupForm;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Log-in page (the form posts to Spring Security) and sign-up. */
@PageController
class LoginController {

  static final String WRONG_LOGIN = "Wrong username and/or password!";

  private final Accounts accounts;
  private final SignIn signIn;

  LoginController(Accounts accounts, SignIn signIn) {
    this.accounts = accounts;
    this.signIn = signIn;
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

  /**
   * Shows every problem of the form at once, each next to its field; a valid sign-up is
   * logged in at once and sent on to add a machine.
   */
  @PostMapping("/signup")
  String signup(
      @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(name = "old_enough", required = false) String oldEnough,
      @RequestParam(name = "terms_read", required = false) String termsRead,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    Map<String, String> errors = new LinkedHashMap<>(accounts.signupProblems(username, password, email));
    if (oldEnough == null) {
      errors.put("old_enough", "You must be at least 16 years old to use the service.");
    }
    if (termsRead == null) {
      errors.put("terms_read", "You must read and accept the terms of service and privacy policy.");
    }
    if (errors.isEmpty()) {
      try {
        User user = accounts.create(username, password, email);
        signIn.logIn(user.username(), request, response);
        Flashes.success(redirect,
            "Great success! Your account was created and you are logged in. Add a machine to get an API token for your editor.");
        return "redirect:/my/machines";
      } catch (AccountException e) {
        errors.put("username", e.getMessage()); // the name was taken meanwhile
      }
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("form", new SignupForm(username, email, oldEnough != null, termsRead != null, errors));
    return "account/signup";
  }
}
