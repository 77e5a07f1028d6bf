package net.codestats.pages;

import java.util.List;
import net.codestats.account.LegalTerms;
import net.codestats.language.Languages;
import net.codestats.pages.views.Plugin;
import net.codestats.pages.views.ServerUrls;
import net.codestats.system.CodeStatsProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The static pages: plugins, API docs, legal terms, changelog, support, language aliases. */
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

  @GetMapping("/plugins")
  String plugins(Model model) {
    model.addAttribute("urls", urls);
    model.addAttribute("plugins", plugins(urls));
    return "site/plugins";
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
