package net.codestats.profile;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Pulses;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * "Explain a number": {@code /my/days/{yyyy-mm-dd}[?language=…]} lists the signed-in user's
 * pulses of that local date (only their own: {@code /my/**} needs a log-in), with the day's
 * total, which is the figure the profile and language pages show for the day.
 */
@PageController
class DayExplanationController {

  private final Pulses pulses;
  private final Languages languages;
  private final Machines machines;

  DayExplanationController(Pulses pulses, Languages languages, Machines machines) {
    this.pulses = pulses;
    this.languages = languages;
    this.machines = machines;
  }

  @GetMapping("/my/days/{date}")
  String day(
      @AuthenticationPrincipal UserIdentity user,
      @PathVariable String date,
      @RequestParam(required = false) String language,
      @RequestParam(defaultValue = "1") String page,
      Model model) {
    LocalDate day = parseDate(date);
    int number = parsePage(page);
    Long languageId = null;
    String languageName = null;
    if (language != null && !language.isBlank()) {
      var found = languages.lookUp(language)
          .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such language."));
      languageId = found.countedId();
      languageName = found.countedName();
    }
    // the owner sees every machine, hidden or not
    Set<Long> excluded = Set.of();
    var summary = pulses.localDateSummary(user.userId(), day, languageId, excluded);
    int pages = (int) Math.max(1, (summary.pulses() + DayExplanation.PAGE_SIZE - 1) / DayExplanation.PAGE_SIZE);
    int shown = Math.min(number, pages);
    Map<Long, String> machineNames = new HashMap<>();
    for (Machine machine : machines.list(user.userId())) {
      machineNames.put(machine.id(), machine.name());
    }
    List<DayExplanation.Line> lines =
        pulses.pulsesOnLocalDate(user.userId(), day, languageId, excluded, DayExplanation.PAGE_SIZE,
            (long) (shown - 1) * DayExplanation.PAGE_SIZE)
            .stream()
            .map(p -> new DayExplanation.Line(
                p.sentAtLocal(),
                ZoneOffset.ofTotalSeconds(p.offsetMinutes() * 60).getId().replace("Z", "+00:00"),
                machineNames.getOrDefault(p.machineId(), "?"),
                p.xps().stream().map(x -> x.language() + " " + x.amount()).collect(Collectors.joining(", ")),
                p.xp()))
            .toList();
    model.addAttribute(
        "day",
        new DayExplanation(user.getUsername(), day, languageName, summary.pulses(), summary.xp(), lines, shown, pages));
    return "profile/day";
  }

  private static LocalDate parseDate(String date) {
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The date must be YYYY-MM-DD.");
    }
  }

  private static int parsePage(String page) {
    try {
      int number = Integer.parseInt(page);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The page must be a number from 1.");
  }
}
