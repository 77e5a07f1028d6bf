package net.codestats.pages;

import net.codestats.account.LegalTerms;
import net.codestats.language.Languages;
import net.codestats.pages.views.ServerUrls;
import net.codestats.system.CodeStatsProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The static pages: API docs, legal terms, changelog, support, language aliases. */
@Controller
class SitePages {

  private final ServerUrls urls;
  private final LegalTerms terms;
  private final Languages languages;

  SitePages(CodeStatsProperties properties, LegalTerms terms, Languages languages) {
    this.urls = new ServerUrls(properties.publicUrl().toString().replaceAll("/+$", ""));
    this.terms = terms;
    this.languages = languages;
  }

  @GetMapping("/api-docs")
  String apiDocs(Model model) {
    model.addAttribute("urls", urls);
    return "site/api-docs";
  }

  @GetMapping("/tos")
  String tos(Model model) {
    model.addAttribute("terms", terms.current());
    return "site/tos";
  }

  @GetMapping("/changes")
  String changes() {
    return "site/changes";
  }

  @GetMapping("/support")
  String support() {
    return "site/support";
  }

  @GetMapping("/aliases")
  String aliases(Model model) {
    model.addAttribute("languages", languages.allWithAliases());
    return "site/aliases";
  }
}
