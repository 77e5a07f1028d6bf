package net.codestats.profile;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.codestats.account.User;
import net.codestats.account.UsernamePaths;
import net.codestats.socket.ChannelTokens;
import net.codestats.web.PageController;
import net.codestats.xp.LanguageXpQueries;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's page for one language, {@code /users/{name}/languages/{language}}: the same 404 as
 * an unknown user for a private profile (but to its owner) and for a language the user never
 * wrote; a name in another case or an alias redirects to the page's own address.
 */
@PageController
class LanguagePageController {

  /** Weeks in the calendar: a year and the current week. */
  static final int CALENDAR_WEEKS = 53;

  private final ProfileAccess access;
  private final LanguageStatsReader reader;
  private final ProfileCache cache;
  private final ChannelTokens tokens;

  LanguagePageController(ProfileAccess access, LanguageStatsReader reader, ProfileCache cache, ChannelTokens tokens) {
    this.access = access;
    this.reader = reader;
    this.cache = cache;
    this.tokens = tokens;
  }

  @GetMapping("/users/{username}/languages/{language}")
  ModelAndView language(
      @PathVariable String username,
      @PathVariable String language,
      Principal principal,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    String name = UsernamePaths.fromSegment(username);
    String uri = request.getRequestURI();
    Optional<String> asked = LanguagePaths.fromRawSegment(uri.substring(uri.lastIndexOf('/') + 1));
    User user = access.visible(name, principal).orElse(null);
    Optional<LanguageStatsReader.Found> found =
        user == null || asked.isEmpty() ? Optional.empty() : reader.find(user, asked.get(), principal);
    if (found.isEmpty()) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("username", name);
      return new ModelAndView("profile/profile-not-found");
    }
    String counted = found.get().language();
    if (!user.username().equals(name) || !counted.equals(asked.get())) {
      return new ModelAndView("redirect:" + LanguagePaths.path(user.username(), counted));
    }
    boolean owner = ProfileAccess.isOwner(user, principal);
    String token = null;
    if (owner && request.getSession(false) != null) {
      token = tokens.mint(user.id(), request.getSession(false).getId());
    }
    model.addAttribute("language",
        page(user, counted, found.get().stats(), cache.snapshot(user).today(), owner, token));
    return new ModelAndView("profile/language");
  }

  /** The script's rows, in this key order. */
  record WeekXp(String week, long xp) {}

  record NameXp(String name, long xp) {}

  static LanguagePage page(
      User user, String language, LanguageXpQueries.LanguageStats stats, LocalDate today, boolean owner,
      String channelToken) {
    Map<LocalDate, Long> byDay = new TreeMap<>();
    stats.days().forEach(d -> byDay.put(d.date(), d.xp()));
    LocalDate start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(CALENDAR_WEEKS - 1);
    long max = 0;
    for (LocalDate day = start; !day.isAfter(today); day = day.plusDays(1)) {
      max = Math.max(max, byDay.getOrDefault(day, 0L));
    }
    List<List<LanguagePage.CalendarCell>> weeks = new ArrayList<>(CALENDAR_WEEKS);
    Map<String, Long> yearDays = new LinkedHashMap<>();
    for (int week = 0; week < CALENDAR_WEEKS; week++) {
      List<LanguagePage.CalendarCell> cells = new ArrayList<>(7);
      for (int weekday = 0; weekday < 7; weekday++) {
        LocalDate day = start.plusDays(7L * week + weekday);
        if (day.isAfter(today)) {
          cells.add(new LanguagePage.CalendarCell(null, 0, 0, null));
          continue;
        }
        long xp = byDay.getOrDefault(day, 0L);
        if (xp > 0) {
          yearDays.put(day.toString(), xp);
        }
        cells.add(
            new LanguagePage.CalendarCell(
                day, xp, ProfilePageController.heat(xp, max),
                owner ? LanguagePaths.explainDay(day.toString(), language) : null));
      }
      weeks.add(cells);
    }
    Map<LocalDate, Long> byWeek = new TreeMap<>();
    stats.days().forEach(
        d -> byWeek.merge(d.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), d.xp(), Long::sum));

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", user.username());
    data.put("language", language);
    data.put("today", today.toString());
    data.put("calendarStart", start.toString());
    data.put("xp", stats.xp());
    data.put("recentXp", stats.recentXp());
    data.put("userTotalXp", stats.userTotalXp());
    data.put("firstDay", stats.firstDay().toString());
    data.put("lastDay", stats.lastDay().toString());
    data.put("yearDays", yearDays);
    data.put(
        "weeks",
        byWeek.entrySet().stream().map(e -> Map.of("week", e.getKey().toString(), "xp", e.getValue())).toList());
    data.put("machines", stats.machines().stream().map(m -> Map.of("name", m.name(), "xp", m.xp())).toList());
    data.put("hours", stats.hours());
    data.put("owner", owner);
    return new LanguagePage(
        user.username(),
        language,
        stats.xp(),
        stats.recentXp(),
        stats.firstDay(),
        stats.lastDay(),
        stats.userTotalXp(),
        weeks,
        max,
        owner,
        channelToken,
        JsonMapper.shared().writeValueAsString(data).replace("<", "\\u003c"));
  }
}
