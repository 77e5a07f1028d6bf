package net.codestats.pages;

import java.util.List;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pages.views.Plugin;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The plugins page: each plugin's install step, settings and the value for this server. A
 * signed-in user picks one of their machines and gets its token filled into every snippet;
 * everyone else sees a placeholder. The machine is chosen by id, so the token never is in a URL.
 */
@PageController
class PluginsController {

  private final PluginCatalogue catalogue;
  private final Machines machines;

  PluginsController(PluginCatalogue catalogue, Machines machines) {
    this.catalogue = catalogue;
    this.machines = machines;
  }

  @GetMapping("/plugins")
  String plugins(
      @AuthenticationPrincipal UserIdentity user,
      @RequestParam(name = "machine", required = false) Long machineId,
      Model model) {
    List<Machine> own =
        user == null ? List.of() : machines.list(user.userId()).stream().filter(Machine::active).toList();
    Machine chosen = null;
    if (machineId != null) {
      // Someone else's machine, an inactive one or none at all: the same 404 as the machine pages.
      chosen = own.stream().filter(m -> m.id() == machineId).findFirst()
          .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    } else if (!own.isEmpty()) {
      chosen = own.getFirst();
    }
    model.addAttribute("urls", catalogue.urls());
    model.addAttribute("plugins", catalogue.plugins());
    model.addAttribute("machines", own);
    model.addAttribute("chosen", chosen);
    model.addAttribute("token", chosen == null ? Plugin.TOKEN_PLACEHOLDER : machines.token(user.userId(), chosen.id()));
    return "pages/plugins";
  }
}
