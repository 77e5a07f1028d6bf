package net.codestats.admin;

import net.codestats.admin.views.Paging;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview (service figures), the admins and the audit log. */
@PageController
class AdminController {

  private final ServiceFigures figures;
  private final AdminRoles roles;
  private final AdminAudit audit;

  AdminController(ServiceFigures figures, AdminRoles roles, AdminAudit audit) {
    this.figures = figures;
    this.roles = roles;
    this.audit = audit;
  }

  @GetMapping("/admin")
  String overview(Model model) {
    var shown = figures.figures();
    model.addAttribute("figures", shown);
    return "admin/overview";
  }

  @GetMapping("/admin/admins")
  String admins(Model model) {
    model.addAttribute("admins", roles.list());
    return "admin/admins";
  }

  @PostMapping("/admin/admins")
  String grant(
      @AuthenticationPrincipal UserIdentity actor,
      @RequestParam(defaultValue = "") String username,
      RedirectAttributes redirect) {
    roles.grant(actor, username);
    Flashes.success(redirect, username.strip() + " is an admin now.");
    return "redirect:/admin/admins";
  }

  @PostMapping("/admin/admins/{userId}/revoke")
  String revoke(@AuthenticationPrincipal UserIdentity actor, @PathVariable long userId, RedirectAttributes redirect) {
    roles.revoke(actor, userId);
    Flashes.success(redirect, "The admin role was revoked.");
    return "redirect:/admin/admins";
  }

  @GetMapping("/admin/audit")
  String audit(@RequestParam(defaultValue = "1") int page, Model model) {
    long total = audit.count();
    int pages = (int) Math.max(1, (total + AdminAudit.PAGE_SIZE - 1) / AdminAudit.PAGE_SIZE);
    int shown = Math.clamp(page, 1, pages);
    model.addAttribute("entries", audit.recent(AdminAudit.PAGE_SIZE, (long) (shown - 1) * AdminAudit.PAGE_SIZE));
    model.addAttribute("paging", new Paging("/admin/audit", "", shown, pages, total));
    return "admin/audit";
  }
}
