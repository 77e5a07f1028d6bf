package net.codestats.pages;

import java.security.Principal;
import java.util.List;
import net.codestats.account.LegalTerms;
import net.codestats.language.Languages;
import net.codestats.pages.views.ApiExamples;
import net.codestats.pages.views.Operator;
import net.codestats.pages.views.Plugin;
import net.codestats.pages.views.ServerUrls;
import net.codestats.pages.views.SourceCode;
import net.codestats.system.CodeStatsProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The static pages: plugins, API docs, legal terms, changelog, support, language aliases. */
@Controller
class SitePages {

  /** The user that {@code codestats.demo=true} creates (account.DemoAccount). */
  static final String DEMO_USER = "demo";

  private final ServerUrls urls;
  private final LegalTerms terms;
  private final Languages languages;
  private final Operator operator;
  private final SourceCode source;

  SitePages(CodeStatsProperties properties, LegalTerms terms, Languages languages, Operator operator, SourceCode source) {
    this.urls = new ServerUrls(properties.publicUrl().toString().replaceAll("/+$", ""));
    this.terms = terms;
    this.languages = languages;
    this.operator = operator;
    this.source = source;
  }

  @GetMapping("/plugins")
  String plugins(Model model) {
    model.addAttribute("urls", urls);
    model.addAttribute("plugins", plugins(urls));
    return "site/plugins";
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
    return "site/api-docs";
  }

  @GetMapping("/tos")
  String tos(Model model) {
    model.addAttribute("terms", terms.current());
    model.addAttribute("operator", operator);
    return "site/tos";
  }

  @GetMapping("/changes")
  String changes(Model model) {
    model.addAttribute("source", source);
    return "site/changes";
  }

  @GetMapping("/support")
  String support(Model model) {
    model.addAttribute("operator", operator);
    return "site/support";
  }

  /** Paged and searchable: the list is as long as the languages public profiles have used. */
  @GetMapping("/aliases")
  String aliases(
      @RequestParam(name = "q", defaultValue = "") String query,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    String search = query.length() > Languages.MAX_NAME_LENGTH ? query.substring(0, Languages.MAX_NAME_LENGTH) : query;
    model.addAttribute("languages", languages.publicPage(search, page));
    return "site/aliases";
  }

  /** Setting names as each plugin documents them; the value differs by what it appends. */
  static List<Plugin> plugins(ServerUrls urls) {
    return List.of(
        new Plugin("Visual Studio Code", "code-stats-vscode", "codestats.apikey", "codestats.apiurl", urls.api()),
        new Plugin("Vim", "code-stats-vim", "g:codestats_api_key", "g:codestats_api_url", urls.base()),
        new Plugin("Neovim", "code-stats.nvim", "api_key (in setup{})", "base_url (in setup{})", urls.base()),
        new Plugin("Sublime Text", "code-stats-sublime", "api_key", "api_url", urls.pulses()),
        new Plugin("Atom / Pulsar", "code-stats-atom", "codestats-atom.apiKey", "codestats-atom.apiUrl", urls.api()),
        new Plugin("JetBrains IDEs (IntelliJ, PyCharm, …)", "code-stats-intellij", "API key (Settings → Tools → Code::Stats)", "API URL", urls.pulses()),
        new Plugin("Emacs", "code-stats-emacs", "code-stats-token", "code-stats-url", urls.base()),
        new Plugin("Zsh", "code-stats-zsh", "CODESTATS_API_KEY", "CODESTATS_API_URL", urls.base()),
        new Plugin("Fish", "code-stats-fish", "CODESTATS_API_KEY", "CODESTATS_API_URL", urls.base()),
        new Plugin("Bash", "code-stats-bash", "CODESTATS_API_KEY", "CODESTATS_API_URL", urls.base()),
        new Plugin("Obsidian", "obsidian-code-stats", "API key", "Update URL", urls.api()),
        new Plugin("Anything else", "your own script", "X-API-Token header", "POST address", urls.pulses()));
  }
}
