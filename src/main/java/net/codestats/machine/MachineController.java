package net.codestats.machine;

import java.util.List;
import java.util.Map;
import net.codestats.machine.views.MachineRow;
import net.codestats.machine.views.NextSteps;
import net.codestats.web.Flashes;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's machine pages: list with tokens, add, rename, regenerate the token,
 * deactivate, activate and delete. Another user's machine is a 404, as is a missing one.
 */
@PageController
class MachineController {

  /** Flash attribute with the id of the machine just added, for the next-steps panel. */
  private static final String ADDED = "addedMachine";

  private final Machines machines;
  private final MachineXpTotals xpTotals;
  private final PluginSetups pluginSetups;

  MachineController(Machines machines, MachineXpTotals xpTotals, PluginSetups pluginSetups) {
    this.machines = machines;
    this.xpTotals = xpTotals;
    this.pluginSetups = pluginSetups;
  }

  @GetMapping("/my/machines")
  String list(@AuthenticationPrincipal UserIdentity user, Model model) {
    Map<Long, Long> xp = xpByMachine(user.userId());
    List<MachineRow> rows =
        machines.list(user.userId()).stream()
            .map(m -> row(user, m, xp.getOrDefault(m.id(), 0L)))
            .toList();
    model.addAttribute("active", rows.stream().filter(r -> r.machine().active()).toList());
    model.addAttribute("inactive", rows.stream().filter(r -> !r.machine().active()).toList());
    model.addAttribute("nextSteps", nextSteps(model.getAttribute(ADDED), rows));
    return "machine/list";
  }

  @PostMapping("/my/machines")
  String add(
      @AuthenticationPrincipal UserIdentity user,
      @RequestParam(defaultValue = "") String name,
      RedirectAttributes redirect) {
    try {
      var created = machines.create(user.userId(), name);
      Flashes.success(redirect, "Machine added successfully.");
      redirect.addFlashAttribute(ADDED, created.machine().id());
    } catch (MachineException e) {
      Flashes.error(redirect, "Error adding machine. " + e.getMessage());
    }
    return "redirect:/my/machines";
  }

  @GetMapping("/my/machines/{id}")
  String single(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, Model model) {
    Machine machine = owned(user, id);
    long xp = xpByMachine(user.userId()).getOrDefault(id, 0L);
    model.addAttribute("row", row(user, machine, xp));
    return "machine/single";
  }

  @PostMapping("/my/machines/{id}")
  String rename(
      @AuthenticationPrincipal UserIdentity user,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String name,
      RedirectAttributes redirect) {
    owned(user, id);
    try {
      machines.rename(user.userId(), id, name);
      Flashes.success(redirect, "Machine edited successfully.");
    } catch (MachineException e) {
      if (e.isNotFound()) {
        throw notFound();
      }
      Flashes.error(redirect, "Error editing machine. " + e.getMessage());
    }
    return "redirect:/my/machines/" + id;
  }

  @PostMapping("/my/machines/{id}/regenerate")
  String regenerate(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    Machine machine = owned(user, id);
    machines.regenerateToken(user.userId(), id);
    Flashes.success(redirect, "API key regenerated for machine " + machine.name() + ".");
    return "redirect:/my/machines";
  }

  @PostMapping("/my/machines/{id}/deactivate")
  String deactivate(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    return setActive(user, id, false, redirect);
  }

  @PostMapping("/my/machines/{id}/activate")
  String activate(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    return setActive(user, id, true, redirect);
  }

  @PostMapping("/my/machines/{id}/hide")
  String hide(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    return setHidden(user, id, true, redirect);
  }

  @PostMapping("/my/machines/{id}/show")
  String show(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    return setHidden(user, id, false, redirect);
  }

  @PostMapping("/my/machines/{id}/delete")
  String delete(@AuthenticationPrincipal UserIdentity user, @PathVariable long id, RedirectAttributes redirect) {
    owned(user, id);
    machines.delete(user.userId(), id);
    Flashes.success(redirect, "Machine deleted.");
    return "redirect:/my/machines";
  }

  @ExceptionHandler(MachineException.class)
  void machineGone(MachineException e) {
    // raced with a delete in another tab
    throw notFound();
  }

  private String setActive(UserIdentity user, long id, boolean active, RedirectAttributes redirect) {
    Machine machine = owned(user, id);
    machines.setActive(user.userId(), id, active);
    Flashes.success(redirect, "Machine " + machine.name() + " " + (active ? "activated" : "deactivated") + ".");
    return "redirect:/my/machines";
  }

  private String setHidden(UserIdentity user, long id, boolean hidden, RedirectAttributes redirect) {
    Machine machine = owned(user, id);
    machines.setHidden(user.userId(), id, hidden);
    Flashes.success(
        redirect,
        "Machine " + machine.name()
            + (hidden ? " is hidden from your public profile." : " is shown on your public profile."));
    return "redirect:/my/machines";
  }

  /** Shown once, right after adding; null otherwise (or when the machine went in another tab). */
  private NextSteps nextSteps(Object addedId, List<MachineRow> rows) {
    if (!(addedId instanceof Long id)) {
      return null;
    }
    return rows.stream()
        .filter(r -> r.machine().id() == id && r.machine().active())
        .findFirst()
        .map(r -> new NextSteps(id, r.machine().name(), r.token(), pluginSetups.serverAddress(),
            pluginSetups.forToken(r.token())))
        .orElse(null);
  }

  private Machine owned(UserIdentity user, long id) {
    return machines.find(user.userId(), id).orElseThrow(MachineController::notFound);
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND);
  }

  private MachineRow row(UserIdentity user, Machine machine, long xp) {
    return new MachineRow(machine, machines.token(user.userId(), machine.id()), xp, xpTotals.levelText(xp));
  }

  private Map<Long, Long> xpByMachine(long userId) {
    return xpTotals.xpByMachine(userId);
  }
}
