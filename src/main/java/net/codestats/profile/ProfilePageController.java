package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.codestats.account.User;
import net.codestats.account.UsernamePaths;
import net.codestats.socket.ChannelTokens;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import net.codestats.web.PageContext;
import net.codestats.web.PageController;
import net.codestats.web.UserIdentity;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/** The profile page {@code /users/{name}}: private profiles are a 404 for all but the owner. */
@PageController
class ProfilePageController {

  private final ProfileAccess access;
  private final ProfileCache cache;
  private final ChannelTokens tokens;
  private final TemplateEngine templates;
  /**
   * The page as any viewer but the owner sees it, its body rendered once per profile snapshot:
   * keyed by the snapshot itself (weak keys compare by identity), so it goes when a newer
   * snapshot replaces it. A view then costs the layout around it.
   */
  private final Cache<ProfileCache.Snapshot, Rendered> pages;
  /** The whole page for visitors without a login or a message, by the same key. */
  private final Cache<ProfileCache.Snapshot, VisitorPage> visitorPages;
  /** The whole page as its owner sees it, by the owner's snapshot, its per-request tokens left open. */
  private final Cache<ProfileCache.Snapshot, OwnerPage> ownerPages;

  private record Rendered(ProfilePage page, String body) {
    Map<String, Object> model() {
      return Map.of("profile", page, "body", body);
    }
  }

  ProfilePageController(
      ProfileAccess access, ProfileCache cache, ChannelTokens tokens, TemplateEngine templates, Caches caches) {
    this.pages = caches.build(NamedCache.PROFILE_PAGES);
    this.visitorPages = caches.build(NamedCache.VISITOR_PAGES);
    this.ownerPages = caches.build(NamedCache.OWNER_PAGES);
    this.access = access;
    this.cache = cache;
    this.tokens = tokens;
    this.templates = templates;
  }

  @GetMapping("/users/{username}")
  ModelAndView profile(
      @PathVariable String username,
      Principal principal,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    String name = UsernamePaths.fromSegment(username);
    User user = access.visible(name, principal).orElse(null);
    if (user == null) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("username", name);
      return new ModelAndView("profile/profile-not-found");
    }
    if (!user.username().equals(name)) {
      return new ModelAndView("redirect:" + URI.create("/users/" + UsernamePaths.toSegment(user.username())));
    }
    if (ProfileAccess.isOwner(user, principal)) {
      return ownerPage(user, model, request);
    }
    ProfileCache.Snapshot snapshot = cache.snapshot(user);
    Rendered rendered = pages.get(snapshot, s -> render(page(user, s)));
    if (PageContext.of(request) instanceof PageContext page && page.visitorWithoutMessages()) {
      Rendered forVisitors = rendered;
      return new ModelAndView(
          visitorPages
              .get(snapshot, s -> VisitorPage.render(templates, "profile/profile.jte", forVisitors.model(), page))
              .view());
    }
    model.addAllAttributes(rendered.model());
    return new ModelAndView("profile/profile");
  }

  /** Everything, hidden items marked (from the same snapshot as the public one when none are). */
  private ModelAndView ownerPage(User user, Model model, HttpServletRequest request) {
    ProfileCache.Snapshot own = cache.ownerSnapshot(user);
    ProfilePage ownPage = pages.get(own, s -> render(page(user, s))).page();
    String channelToken = channelToken(user.id(), request);
    boolean privateProfile = user.privateProfile();
    if (PageContext.of(request) instanceof PageContext page && OwnerPage.servable(page, channelToken)) {
      OwnerPage cached = ownerPages.getIfPresent(own);
      if (cached == null || !cached.fits(page, privateProfile)) {
        String body = render(ownPage.forOwner(null, privateProfile)).body();
        cached = OwnerPage.render(templates, "profile/profile.jte", page, ownPage, privateProfile, body);
        ownerPages.put(own, cached);
      }
      return new ModelAndView(cached.view(page.csrfToken(), channelToken));
    }
    // a message to show (after a form), or no session to bind a token to: rendered for this request
    String body = render(ownPage.forOwner(null, privateProfile)).body();
    model.addAllAttributes(new Rendered(ownPage.forOwner(channelToken, privateProfile), body).model());
    return new ModelAndView("profile/profile");
  }

  /**
   * A fresh channel token for the logged-in user's session, for the profile page's script to
   * reconnect with when the page's own has expired (nothing to hand out without a log-in).
   */
  @GetMapping("/my/channel-token")
  ResponseEntity<Map<String, String>> channelToken(
      @AuthenticationPrincipal UserIdentity user, HttpServletRequest request) {
    String token = user == null ? null : channelToken(user.userId(), request);
    if (token == null) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("token", token));
  }

  /** Bound to the session: the token ends with its log-in (see {@link ChannelTokens}). */
  private String channelToken(long userId, HttpServletRequest request) {
    var session = request.getSession(false);
    return session == null ? null : tokens.mint(userId, session.getId());
  }

  private Rendered render(ProfilePage page) {
    var body = new StringOutput(64 * 1024);
    templates.render("profile/profile-body.jte", Map.of("profile", page), body);
    return new Rendered(page, body.toString());
  }

  private static ProfilePage page(User user, ProfileCache.Snapshot snapshot) {
    PublicProfile profile = snapshot.profile();
    LocalDate today = snapshot.today();
    Map<String, Long> dayOfYear = snapshot.dayOfYear();
    var days = snapshot.recentDays();

    List<ProfilePage.Row> languages = new ArrayList<>();
    profile.languages().forEach((n, xp) -> {
      if (xp.xps() > 0) { // XP moved away by an alias leaves an empty language behind
        languages.add(new ProfilePage.Row(n, xp.xps(), xp.newXps(), true, snapshot.hiddenLanguages().contains(n)));
      }
    });
    List<ProfilePage.Row> machines = new ArrayList<>();
    profile
        .machines()
        .forEach((n, xp) -> machines
            .add(new ProfilePage.Row(n, xp.xps(), xp.newXps(), false, snapshot.hiddenMachines().contains(n))));

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", user.username());
    data.put("today", today.toString());
    data.put("totalXp", profile.totalXp());
    data.put("recentXp", profile.newXp());
    data.put("languages", rows(languages));
    data.put("machines", rows(machines));
    data.put(
        "dayLanguageXps",
        days.stream().map(d -> Map.of("date", d.date().toString(), "language", d.language(), "xp", d.xp())).toList());
    data.put("dayOfYearXps", dayOfYear);
    data.put("hourOfDayXps", snapshot.hours());
    if (!snapshot.hiddenLanguages().isEmpty() || !snapshot.hiddenMachines().isEmpty()) {
      data.put("hiddenLanguages", snapshot.hiddenLanguages());
      data.put("hiddenMachines", snapshot.hiddenMachines());
    }

    return new ProfilePage(
        user.username(),
        ProfilePage.DATE.format(user.createdAt().atOffset(ZoneOffset.UTC)),
        snapshot.lastProgrammed().map(ProfilePage.DATE::format).orElse(null),
        profile.totalXp(),
        profile.newXp(),
        languages,
        machines,
        dayOfYearTable(dayOfYear, today),
        false,
        false,
        null,
        today,
        JsonMapper.shared().writeValueAsString(data).replace("<", "\\u003c"),
        snapshot.hiddenLanguages(),
        snapshot.hiddenMachines());
  }

  private static List<Map<String, Object>> rows(List<ProfilePage.Row> rows) {
    return rows.stream()
        .map(r -> Map.<String, Object>of("name", r.name(), "xp", r.xp(), "recentXp", r.recentXp()))
        .toList();
  }

  /** 12 months × 31 days, every year folded onto a leap year. */
  static List<List<ProfilePage.DayCell>> dayOfYearTable(Map<String, Long> xpByDay, LocalDate today) {
    long max = xpByDay.values().stream().mapToLong(Long::longValue).max().orElse(0);
    int todayOfYear = LocalDate.of(2000, today.getMonth(), today.getDayOfMonth()).getDayOfYear();
    List<List<ProfilePage.DayCell>> months = new ArrayList<>(12);
    for (Month month : Month.values()) {
      List<ProfilePage.DayCell> cells = new ArrayList<>(31);
      String monthName = month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      for (int day = 1; day <= 31; day++) {
        if (day > month.length(true)) {
          cells.add(new ProfilePage.DayCell(0, "", 0, 0, false));
          continue;
        }
        int dayOfYear = LocalDate.of(2000, month, day).getDayOfYear();
        long xp = xpByDay.getOrDefault(Integer.toString(dayOfYear), 0L);
        cells.add(
            new ProfilePage.DayCell(
                dayOfYear, monthName + " " + day, xp, heat(xp, max), dayOfYear == todayOfYear));
      }
      months.add(cells);
    }
    return months;
  }

  /** The shade 0..4 of a day with {@code xp} when the busiest day has {@code max} (levels.js has the same rule). */
  static int heat(long xp, long max) {
    return xp <= 0 || max <= 0 ? 0 : (int) Math.max(1, Math.ceil(4.0 * xp / max));
  }
}
