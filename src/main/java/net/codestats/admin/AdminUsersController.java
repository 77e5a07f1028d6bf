package net.codestats.admin;

import java.time.Clock;
import java.time.Duration;
import net.codestats.account.AccountAdministration;
import net.codestats.account.AccountAdministration.Account;
import net.codestats.account.Accounts;
import net.codestats.admin.views.Paging;
import net.codestats.leaderboard.Leaderboards;
import net.codestats.machine.Machines;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import net.codestats.xp.XpQueries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Accounts: search, one account's machines and totals, disable (kept, but log-ins, tokens and
 * the profile refused), enable, delete (the account deletion path of its owner).
 * Removing from the leaderboards is {@link AdminLeaderboardsController}'s.
 */
@PageController
class AdminUsersController {

  private final AccountAdministration administration;
  private final Accounts accounts;
  private final Machines machines;
  private final XpQueries xp;
  private final AdminAudit audit;
  private final AdminRoles roles;
  private final Leaderboards leaderboards;
  private final TransactionTemplate transaction;
  private final Clock clock;

  AdminUsersController(
      AccountAdministration administration,
      Accounts accounts,
      Machines machines,
      XpQueries xp,
      AdminAudit audit,
      AdminRoles roles,
      Leaderboards leaderboards,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.administration = administration;
    this.accounts = accounts;
    this.machines = machines;
    this.xp = xp;
    this.audit = audit;
    this.roles = roles;
    this.leaderboards = leaderboards;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  @GetMapping("/admin/users")
  String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page, Model model) {
    String query = Paging.cleanQuery(q);
    Paging paging = Paging.of("/admin/users", query, page, administration.count(query));
    model.addAttribute("users", administration.search(query, Paging.PAGE_SIZE, paging.offset()));
    model.addAttribute("paging", paging);
    return "admin/users";
  }

  @GetMapping("/admin/users/{id}")
  String user(@PathVariable long id, Model model) {
    Account account = find(id);
    var totals = xp.totalsWithRecent(id, clock.instant().minus(Duration.ofHours(12)));
    model.addAttribute("account", account);
    model.addAttribute("machines", machines.list(id));
    model.addAttribute("machineXp", xp.xpByMachine(id));
    model.addAttribute("totals", totals);
    model.addAttribute("totalXp", totals.languages().stream().mapToLong(XpQueries.NameTotal::xp).sum());
    model.addAttribute("admin", roles.isAdmin(id));
    model.addAttribute("offBoards", leaderboards.isExcluded(id));
    return "admin/user";
  }

  @PostMapping("/admin/users/{id}/disable")
  String disable(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    Account account = find(id);
    if (account.id() == actor.userId()) {
      throw new AdminException("You cannot disable your own account.");
    }
    transaction.executeWithoutResult(
        tx -> {
          if (!administration.setDisabled(id, true)) {
            throw new AdminException(account.username() + " is disabled already.");
          }
          audit.record(actor, "disable account", account.username());
        });
    Flashes.success(redirect, account.username() + " is disabled: log-ins, tokens and the profile are refused.");
    return "redirect:/admin/users/" + id;
  }

  @PostMapping("/admin/users/{id}/enable")
  String enable(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    Account account = find(id);
    transaction.executeWithoutResult(
        tx -> {
          if (!administration.setDisabled(id, false)) {
            throw new AdminException(account.username() + " is not disabled.");
          }
          audit.record(actor, "enable account", account.username());
        });
    Flashes.success(redirect, account.username() + " is enabled again.");
    return "redirect:/admin/users/" + id;
  }

  /** Deletes everything of the account; the name must be typed again, as a safety catch. */
  @PostMapping("/admin/users/{id}/delete")
  String delete(
      @AuthenticationPrincipal UserIdentity actor,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String confirmation,
      RedirectAttributes redirect) {
    Account account = find(id);
    if (!confirmation.strip().equals(account.username())) {
      throw new AdminException("Type the account's name exactly to delete it: nothing was deleted.");
    }
    if (account.id() == actor.userId()) {
      throw new AdminException("Delete your own account from your preferences.");
    }
    transaction.executeWithoutResult(
        tx -> {
          accounts.delete(id);
          audit.record(actor, "delete account", account.username());
        });
    Flashes.success(redirect, account.username() + " and everything of it was deleted.");
    return "redirect:/admin/users";
  }

  private Account find(long id) {
    return administration.find(id).orElseThrow(() -> AdminException.notFound("No such account."));
  }
}
