package net.codestats.admin;

import net.codestats.account.AccountAdministration;
import net.codestats.account.AccountAdministration.Account;
import net.codestats.leaderboard.Leaderboards;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The boards' side of the area: users whose XP went beyond the plausible rate (flagged, their
 * excess already unranked), and users an admin took off the boards, with the way back.
 */
@PageController
class AdminLeaderboardsController {

  private final Leaderboards leaderboards;
  private final AccountAdministration administration;
  private final AdminAudit audit;
  private final TransactionTemplate transaction;

  AdminLeaderboardsController(
      Leaderboards leaderboards,
      AccountAdministration administration,
      AdminAudit audit,
      PlatformTransactionManager transactions) {
    this.leaderboards = leaderboards;
    this.administration = administration;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
  }

  @GetMapping("/admin/leaderboards")
  String overview(Model model) {
    model.addAttribute("flagged", leaderboards.flagged());
    model.addAttribute("exclusions", leaderboards.exclusions());
    return "admin/leaderboards";
  }

  @PostMapping("/admin/users/{id}/leaderboards/exclude")
  String exclude(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    Account account = find(id);
    transaction.executeWithoutResult(
        tx -> {
          if (leaderboards.isExcluded(id)) {
            throw new AdminException(account.username() + " is off the leaderboards already.");
          }
          leaderboards.exclude(id, actor.userId());
          audit.record(actor, "remove from leaderboards", account.username());
        });
    Flashes.success(redirect, account.username() + " is off the leaderboards (the profile stays as it is).");
    return "redirect:/admin/users/" + id;
  }

  @PostMapping("/admin/users/{id}/leaderboards/include")
  String include(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    Account account = find(id);
    transaction.executeWithoutResult(
        tx -> {
          if (!leaderboards.isExcluded(id)) {
            throw new AdminException(account.username() + " is on the leaderboards already.");
          }
          leaderboards.include(id);
          audit.record(actor, "put back on leaderboards", account.username());
        });
    Flashes.success(redirect, account.username() + " is back on the leaderboards.");
    return "redirect:/admin/users/" + id;
  }

  private Account find(long id) {
    return administration.find(id).orElseThrow(() -> AdminException.notFound("No such account."));
  }
}
