package net.codestats.admin;

import net.codestats.admin.views.MailPreview;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Mass mail. The form's only button is a dry run: it shows how many would get the mail and
 * the mail as rendered, and sends nothing; sending is a second step from that preview.
 */
@PageController
class MassMailController {

  private final MassMail massMail;

  MassMailController(MassMail massMail) {
    this.massMail = massMail;
  }

  @GetMapping("/admin/mail")
  String form(Model model) {
    return show(model, "", "", null);
  }

  @PostMapping("/admin/mail/preview")
  String preview(
      @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String body, Model model) {
    return show(model, subject, body, massMail.render(subject, body));
  }

  @PostMapping("/admin/mail/send")
  String send(
      @AuthenticationPrincipal UserIdentity actor,
      @RequestParam(defaultValue = "") String subject,
      @RequestParam(defaultValue = "") String body,
      RedirectAttributes redirect) {
    long id = massMail.start(actor, subject, body);
    Flashes.success(redirect, "Mailing " + id + " is being sent; its progress is listed below.");
    return "redirect:/admin/mail";
  }

  private String show(Model model, String subject, String body, MailPreview preview) {
    model.addAttribute("subject", subject);
    model.addAttribute("body", body);
    model.addAttribute("preview", preview);
    model.addAttribute("recipients", massMail.recipientCount());
    model.addAttribute("mailings", massMail.recent(20));
    return "admin/mail";
  }
}
