package net.codestats.pages;

import java.security.Principal;
import net.codestats.legal.LegalTerms;
import net.codestats.pages.views.ApiExamples;
import net.codestats.pages.views.Operator;
import net.codestats.pages.views.ServerUrls;
import net.codestats.pages.views.SourceCode;
import net.codestats.pulse.Languages;
import net.codestats.system.CodeStatsProperties;
import net.codestats.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The static pages: API docs, legal terms, changelog, support, language aliases. */
@PageController
class SiteController {

  /** The user that {@code codestats.demo=true} creates (account.DemoAccount). */
  static final String DEMO_USER = "demo";

  private final ServerUrls urls;
  private final LegalTerms terms;
  private final Languages languages;
  private final Operator operator;
  private final SourceCode source;

  SiteController(CodeStatsProperties properties, LegalTerms terms, Languages languages, Operator operator,
      SourceCode source) {
    this.urls = new ServerUrls(properties.publicUrl().toString().replaceAll("/+$", ""));
    this.terms = terms;
    this.languages = languages;
    this.operator = operator;
    this.source = source;
  }

  @GetMapping("/api-docs")
  String apiDocs(Principal principal, Model model) {
    model.addAttribute("urls", urls);
    model.addAttribute(
        "examples",
        principal == null
            ? new ApiExamples(urls, DEMO_USER, false)
            : new ApiExamples(urls, principal.getName(), true));
    model.addAttribute("newLanguagesPerDay", languages.newPerDay());
    return "pages/api-docs";
  }

  @GetMapping("/tos")
  String tos(Model model) {
    model.addAttribute("terms", terms.current());
    model.addAttribute("operator", operator);
    return "pages/tos";
  }

  @GetMapping("/changes")
  String changes(Model model) {
    model.addAttribute("source", source);
    return "pages/changes";
  }

  @GetMapping("/support")
  String support(Model model) {
    model.addAttribute("operator", operator);
    return "pages/support";
  }

  /** Paged and searchable: the list is as long as the languages public profiles have used. */
  @GetMapping("/aliases")
  String aliases(
      @RequestParam(name = "q", defaultValue = "") String query,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    String search = query.length() > Languages.MAX_NAME_LENGTH ? query.substring(0, Languages.MAX_NAME_LENGTH) : query;
    model.addAttribute("languages", languages.publicPage(search, page));
    return "pages/aliases";
  }
}
