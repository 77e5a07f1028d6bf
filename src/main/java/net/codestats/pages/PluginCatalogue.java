package net.codestats.pages;

import java.util.List;
import net.codestats.machine.PluginSetups;
import net.codestats.pages.views.Plugin;
import net.codestats.pages.views.ServerUrls;
import net.codestats.system.CodeStatsProperties;
import org.springframework.stereotype.Component;

/**
 * The editor plugins and the settings each reads, checked against each plugin's source: which
 * address form it wants depends on what it appends (nothing, {@code /my/pulses}, or
 * {@code api/my/pulses} resolved against the site).
 */
@Component
class PluginCatalogue implements PluginSetups {

  private final ServerUrls urls;
  private final List<Plugin> plugins;

  PluginCatalogue(CodeStatsProperties properties) {
    this.urls = new ServerUrls(properties.publicUrl().toString().replaceAll("/+$", ""));
    this.plugins = plugins(urls);
  }

  ServerUrls urls() {
    return urls;
  }

  List<Plugin> plugins() {
    return plugins;
  }

  @Override
  public String serverAddress() {
    return urls.base();
  }

  @Override
  public List<PluginSetup> forToken(String token) {
    return plugins.stream()
        .filter(Plugin::hasSnippet)
        .map(p -> new PluginSetup(p.id(), p.editor(), p.file(), p.snippet(token)))
        .toList();
  }

  private static List<Plugin> plugins(ServerUrls urls) {
    String token = Plugin.TOKEN_SLOT;
    return List.of(
        new Plugin(
            "vscode",
            "Visual Studio Code",
            "Code::Stats (riussi.code-stats-vscode)",
            "https://marketplace.visualstudio.com/items?itemName=riussi.code-stats-vscode",
            "In the Extensions view search for Code::Stats and install it, or run ext install riussi.code-stats-vscode in Quick Open.",
            "codestats.apikey",
            "codestats.apiurl",
            urls.api(),
            "settings.json",
            "\"codestats.apikey\": \"" + token + "\",\n\"codestats.apiurl\": \"" + urls.api() + "\"",
            "The optional codestats.username lets the extension show your profile."),
        new Plugin(
            "vim",
            "Vim",
            "code-stats-vim",
            "https://gitlab.com/code-stats/code-stats-vim",
            "With vim-plug: add Plug 'https://gitlab.com/code-stats/code-stats-vim.git' to your .vimrc and run :PlugInstall. Needs Vim with Python.",
            "g:codestats_api_key",
            "g:codestats_api_url",
            urls.site(),
            ".vimrc (or init.vim)",
            "let g:codestats_api_key = '" + token + "'\nlet g:codestats_api_url = '" + urls.site() + "'",
            "Keep the trailing slash: the plugin resolves api/my/pulses against this address."),
        new Plugin(
            "neovim",
            "Neovim (codestats.nvim)",
            "liljaylj/codestats.nvim",
            "https://github.com/liljaylj/codestats.nvim",
            "With lazy.nvim: { 'liljaylj/codestats.nvim', dependencies = { 'nvim-lua/plenary.nvim' } }, then call setup as below. code-stats-vim works in Neovim too.",
            "api_key (in setup)",
            "base_url (in setup)",
            urls.base(),
            "init.lua",
            "require('codestats').setup {\n  api_key = '" + token + "',\n  base_url = '" + urls.base() + "',\n}",
            null),
        new Plugin(
            "neovim-maorun",
            "Neovim (code-stats.nvim)",
            "maorun/code-stats.nvim",
            "https://github.com/maorun/code-stats.nvim",
            "With lazy.nvim: { 'maorun/code-stats.nvim', dependencies = { 'nvim-lua/plenary.nvim' } }, then call setup as below.",
            "api_key (in setup, or g:codestats_api_key)",
            "api_url (in setup)",
            urls.site(),
            "init.lua",
            "require('maorun.code-stats').setup({\n  api_key = '" + token + "',\n  api_url = '" + urls.site()
                + "',\n})",
            "Keep the trailing slash: the plugin appends api/my/pulses/ to this address."),
        new Plugin(
            "sublime",
            "Sublime Text",
            "CodeStats",
            "https://packagecontrol.io/packages/CodeStats",
            "Install Package Control, then Package Control: Install Package → CodeStats. Open Preferences → Package Settings → CodeStats → Settings – User.",
            "API_KEY",
            "API_URL",
            urls.pulses(),
            "CodeStats.sublime-settings (User)",
            "{\n  \"API_KEY\": \"" + token + "\",\n  \"API_URL\": \"" + urls.pulses() + "\"\n}",
            null),
        new Plugin(
            "atom",
            "Pulsar / Atom",
            "code-stats-atom",
            "https://github.com/code-stats/code-stats-atom",
            "Settings → Install, search for code-stats-atom (or ppm install code-stats-atom; apm on Atom).",
            "code-stats-atom.apiKey",
            "code-stats-atom.apiUrl",
            urls.pulses(),
            "config.cson",
            "\"*\":\n  \"code-stats-atom\":\n    apiKey: \"" + token + "\"\n    apiUrl: \"" + urls.pulses() + "\"",
            "The package posts to this address as it is: give the full pulse address."),
        new Plugin(
            "jetbrains",
            "JetBrains IDEs (IntelliJ IDEA, PyCharm, WebStorm, …)",
            "Code::Stats",
            "https://plugins.jetbrains.com/plugin/8393",
            "Settings → Plugins → Marketplace, search for Code::Stats, install and restart. Then Settings → Other Settings → Code::Stats.",
            "API key",
            "API URL",
            urls.pulses(),
            null,
            null,
            "Over HTTPS the IDE must trust this server's certificate. If it comes from your own certificate authority, add it"
                + " under Settings → Tools → Server Certificates, or import it into the IDE's bundled runtime"
                + " (keytool -importcert -keystore <IDE>/jbr/lib/security/cacerts). Otherwise the status bar shows C::S ERR;"
                + " hover over it to read the PKIX error."),
        new Plugin(
            "vs",
            "Visual Studio",
            "CodeStats Client",
            "https://marketplace.visualstudio.com/items?itemName=MathiasSTorm.CodeStatsClient",
            "Extensions → Manage Extensions, search for CodeStats and install it. Then Tools → Options → CodeStats.",
            "Machine Key",
            "API Url",
            urls.pulses(),
            null,
            null,
            null),
        new Plugin(
            "notepadpp",
            "Notepad++",
            "Code::Stats (notepadpp-CodeStats)",
            "https://github.com/p0358/notepadpp-CodeStats",
            "Plugins → Plugins Admin…, tick Code::Stats, Install, and restart; paste the token into the window that opens."
                + " The address is in the plugin's Settings window (Plugins → Code::Stats).",
            "API key (api_key)",
            "API URL (api_url)",
            urls.pulses(),
            "CodeStats.ini (Notepad++'s plugin settings folder)",
            "[settings]\napi_key=" + token + "\napi_url=" + urls.pulses(),
            null),
        new Plugin(
            "micro",
            "micro",
            "codestats (code-stats-micro)",
            "https://github.com/Redfire75369/code-stats-micro",
            "Add \"pluginrepos\": [\"https://raw.githubusercontent.com/redfire75369/code-stats-micro/master/repo.json\"] to settings.json,"
                + " then run micro -plugin install codestats.",
            "codestats.apikey",
            "codestats.apiurl",
            urls.pulses(),
            "~/.config/micro/settings.json",
            "\"codestats.apikey\": \"" + token + "\",\n\"codestats.apiurl\": \"" + urls.pulses() + "\"",
            null),
        new Plugin(
            "emacs",
            "Emacs",
            "code-stats",
            "https://github.com/xuchunyang/code-stats-emacs",
            "M-x package-install RET code-stats (from MELPA).",
            "code-stats-token",
            "code-stats-url",
            urls.base(),
            "init.el",
            "(setq code-stats-token \"" + token + "\")\n(setq code-stats-url \"" + urls.base() + "\")\n"
                + "(add-hook 'prog-mode-hook #'code-stats-mode)\n(run-with-idle-timer 30 t #'code-stats-sync)\n"
                + "(add-hook 'kill-emacs-hook (lambda () (code-stats-sync :wait)))",
            null),
        new Plugin(
            "obsidian",
            "Obsidian",
            "Code::Stats (codestats-obsidian)",
            "https://github.com/Miskamyasa/obsidian-codestats",
            "Settings → Community plugins → Browse, search for Code::Stats and enable it; the token goes into its settings tab."
                + " The address has no field: set it in the plugin's data.json while Obsidian is closed.",
            "API_KEY",
            "API_URL",
            urls.apiRoot(),
            ".obsidian/plugins/codestats-obsidian/data.json",
            "{\n  \"API_KEY\": \"" + token + "\",\n  \"API_URL\": \"" + urls.apiRoot() + "\"\n}",
            null),
        new Plugin(
            "zsh",
            "Zsh",
            "code-stats-zsh",
            "https://gitlab.com/code-stats/code-stats-zsh",
            "Set the variables, then load the plugin: zgen load https://gitlab.com/code-stats/code-stats-zsh.git, or source codestats.plugin.zsh.",
            "CODESTATS_API_KEY",
            "CODESTATS_API_URL",
            urls.base(),
            ".zshrc",
            "export CODESTATS_API_KEY=\"" + token + "\"\nexport CODESTATS_API_URL=\"" + urls.base() + "\"",
            null),
        new Plugin(
            "bash",
            "Bash",
            "code-stats-bash",
            "https://gitlab.com/code-stats/code-stats-bash",
            "Set the variables, then source codestats.sh from your .bashrc.",
            "CODESTATS_API_KEY",
            "CODESTATS_API_URL",
            urls.base(),
            ".bashrc",
            "export CODESTATS_API_KEY=\"" + token + "\"\nexport CODESTATS_API_URL=\"" + urls.base() + "\"",
            null),
        new Plugin(
            "fish",
            "Fish",
            "codestats-fish",
            "https://github.com/nyaa8/codestats-fish",
            "fisher install nyaa8/codestats-fish, then set the universal variables once at the prompt.",
            "CODESTATS_API_KEY",
            "CODESTATS_API_URL",
            urls.apiRoot(),
            "the fish prompt (once)",
            "set -Ux CODESTATS_API_KEY \"" + token + "\"\nset -Ux CODESTATS_API_URL \"" + urls.apiRoot() + "\"",
            "Unlike the Zsh and Bash plugins, this one appends /my/pulses: give it the API root."),
        new Plugin(
            "browsers",
            "Web browsers",
            "browser extensions",
            null,
            "Browser extensions for Code::Stats count what you type in web pages. Use one whose options take a server address:"
                + " one without that setting only talks to codestats.net.",
            "API token (in the extension's options)",
            "server or API address",
            urls.pulses(),
            null,
            null,
            "Extensions differ in the address form they want; most take the full pulse address."),
        new Plugin(
            "other",
            "Anything else",
            "your own script",
            "/api-docs",
            "The API docs describe the one request a plugin sends.",
            "X-API-Token header",
            "POST address",
            urls.pulses(),
            null,
            null,
            null));
  }
}
