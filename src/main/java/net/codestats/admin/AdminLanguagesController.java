package net.codestats.admin;

import java.util.List;
import net.codestats.admin.views.LanguageRow;
import net.codestats.admin.views.Paging;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Languages.AdminLanguage;
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
 * Every language with its XP and users, searchable and paged (users can invent thousands);
 * making one an alias of another (its XP and the affected users' aggregates move, in one
 * transaction), undoing that exactly (XP keeps the language it was sent as), and hiding junk
 * from {@code /aliases}.
 */
@PageController
class AdminLanguagesController {

  private final Languages languages;
  private final XpQueries xp;
  private final AdminAudit audit;
  private final TransactionTemplate transaction;

  AdminLanguagesController(
      Languages languages, XpQueries xp, AdminAudit audit, PlatformTransactionManager transactions) {
    this.languages = languages;
    this.xp = xp;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
  }

  @GetMapping("/admin/languages")
  String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page, Model model) {
    String query = Paging.cleanQuery(q);
    Paging paging = Paging.of("/admin/languages", query, page, languages.adminCount(query));
    List<AdminLanguage> shown = languages.adminPage(query, Paging.PAGE_SIZE, paging.offset());
    var use = xp.languageUse(shown.stream().map(AdminLanguage::id).toList());
    var sent = languages.sentXp(shown.stream().filter(l -> l.aliasOf() != null).map(AdminLanguage::id).toList());
    var none = new XpQueries.LanguageUse(0, 0);
    model.addAttribute(
        "rows",
        shown.stream()
            .map(l -> new LanguageRow(
                l,
                use.getOrDefault(l.id(), none),
                l.aliasOf() == null ? null : sent.getOrDefault(l.id(), new Languages.SentXp(0, 0))))
            .toList());
    model.addAttribute("paging", paging);
    return "admin/languages";
  }

  @PostMapping("/admin/languages/{id}/alias")
  String alias(
      @AuthenticationPrincipal UserIdentity actor,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String target,
      RedirectAttributes redirect) {
    AdminLanguage alias = find(id);
    AdminLanguage into =
        languages.languageNamed(target)
            .orElseThrow(() -> new AdminException("No language is named “" + target.strip() + "”."));
    transaction.executeWithoutResult(
        tx -> {
          try {
            languages.makeAlias(alias.id(), into.id());
          } catch (IllegalArgumentException e) {
            throw new AdminException(e.getMessage());
          }
          audit.record(actor, "make alias", alias.name() + " → " + into.name());
        });
    Flashes.success(redirect, alias.name() + " is an alias of " + into.name() + " now: its XP counts there.");
    return "redirect:/admin/languages?q=" + Paging.encode(alias.name());
  }

  @PostMapping("/admin/languages/{id}/unalias")
  String unalias(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    AdminLanguage alias = find(id);
    transaction.executeWithoutResult(
        tx -> {
          if (!languages.removeAlias(alias.id())) {
            throw new AdminException(alias.name() + " is no alias.");
          }
          audit.record(actor, "undo alias", alias.name() + " (was → " + alias.aliasOf() + ")");
        });
    Flashes.success(redirect, alias.name() + " counts on its own again.");
    return "redirect:/admin/languages?q=" + Paging.encode(alias.name());
  }

  @PostMapping("/admin/languages/{id}/hide")
  String hide(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    return setHidden(actor, id, true, redirect);
  }

  @PostMapping("/admin/languages/{id}/show")
  String show(@AuthenticationPrincipal UserIdentity actor, @PathVariable long id, RedirectAttributes redirect) {
    return setHidden(actor, id, false, redirect);
  }

  private String setHidden(UserIdentity actor, long id, boolean hidden, RedirectAttributes redirect) {
    AdminLanguage language = find(id);
    transaction.executeWithoutResult(
        tx -> {
          languages.setHidden(id, hidden);
          audit.record(actor, hidden ? "hide language" : "show language", language.name());
        });
    Flashes.success(redirect,
        language.name() + (hidden ? " is hidden from /aliases now." : " is listed on /aliases again."));
    return "redirect:/admin/languages?q=" + Paging.encode(language.name());
  }

  private AdminLanguage find(long id) {
    return languages.language(id).orElseThrow(() -> AdminException.notFound("No such language."));
  }
}
