package net.codestats.profile;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.codestats.account.UsernamePaths;
import net.codestats.xp.LevelMaths;

/**
 * What the profile page shows; {@code dataJson} carries the same figures for the page's
 * script, which keeps them up to date live.
 *
 * @param owner the viewer is the profile's owner
 * @param privateProfile only the owner can see it (told so on their view)
 * @param channelToken lets the owner follow a private profile live (null for others)
 * @param today the user's current local date (offset of their latest pulse)
 * @param hiddenLanguages what the owner hides from the public profile (empty for others)
 * @param hiddenMachines likewise, machines (hidden on the machines page)
 */
public record ProfilePage(
    String username,
    String registered,
    String lastProgrammed,
    long totalXp,
    long recentXp,
    List<Row> languages,
    List<Row> machines,
    List<List<DayCell>> dayOfYear,
    boolean owner,
    boolean privateProfile,
    String channelToken,
    LocalDate today,
    String dataJson,
    Set<String> hiddenLanguages,
    Set<String> hiddenMachines) {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH);
  static final int TOP = 10;

  /**
   * This page as its owner sees it, with the token that lets them follow it live and whether
   * it is private as of now (the figures may be a few seconds older).
   */
  ProfilePage forOwner(String channelToken, boolean privateProfile) {
    return new ProfilePage(
        username, registered, lastProgrammed, totalXp, recentXp, languages, machines, dayOfYear, true, privateProfile,
        channelToken, today, dataJson, hiddenLanguages, hiddenMachines);
  }

  /** The avatar through the server's proxy (viewers never see a Gravatar hash). */
  public String avatarUrl() {
    return "/avatar/" + UsernamePaths.toSegment(username);
  }

  /** The language page of one of this profile's languages. */
  public String languagePath(String language) {
    return LanguagePaths.path(username, language);
  }

  public String levelText() {
    return LevelMaths.describe(null, totalXp, recentXp);
  }

  public LevelMaths.Progress progress() {
    return LevelMaths.progress(totalXp, recentXp);
  }

  public boolean hasXp() {
    return totalXp > 0;
  }

  public List<Row> topLanguages() {
    return languages.subList(0, Math.min(TOP, languages.size()));
  }

  /** Ranks 11 to 20, always shown when there are any. */
  public List<Row> otherLanguages() {
    return languages.subList(Math.min(TOP, languages.size()), Math.min(2 * TOP, languages.size()));
  }

  /** Ranks 21 and on, behind "show all". */
  public List<Row> moreLanguages() {
    return languages.subList(Math.min(2 * TOP, languages.size()), languages.size());
  }

  /** The most XP on one day of the year: the day-of-year legend's darkest shade. */
  public long busiestDayXp() {
    return dayOfYear.stream().flatMap(List::stream).mapToLong(DayCell::xp).max().orElse(0);
  }

  /** A sentence for the day-of-year table, in the words profile.js keeps it up to date with. */
  public String dayOfYearSummary() {
    long most = busiestDayXp();
    return dayOfYear.stream()
        .flatMap(List::stream)
        .filter(cell -> most > 0 && cell.xp() == most)
        .findFirst()
        .map(busiest -> "All years together; the busiest day is " + busiest.title() + ".")
        .orElse("No XP on any day yet.");
  }

  /**
   * The legend's label for each shade 0..4: a day gets shade k when its XP is at most k
   * quarters of the busiest day's and more than k - 1 quarters (as profile.js draws them); a
   * shade no whole number of XP can get is "–".
   */
  public List<String> legend() {
    return legend(busiestDayXp());
  }

  /** {@link #legend()} when the busiest day has {@code most} XP (levels.js has the same rule). */
  static List<String> legend(long most) {
    var labels = new ArrayList<String>(5);
    labels.add("no XP");
    for (int heat = 1; heat <= 4; heat++) {
      long upTo = most * heat / 4;
      labels.add(upTo < 1 ? "–" : "up to " + LevelMaths.thousands(upTo) + " XP");
    }
    return labels;
  }

  /** The owner hides something: their view says what, and that others do not see it. */
  public boolean hidesSomething() {
    return !hiddenLanguages.isEmpty() || !hiddenMachines.isEmpty();
  }

  /** The languages the owner can hide, by name (the hidden ones too: they can be shown again). */
  public List<String> languageNames() {
    return languages.stream().map(Row::name).sorted(String.CASE_INSENSITIVE_ORDER).toList();
  }

  /**
   * A language or machine with its level bar.
   *
   * @param hidden shown only to the owner, marked "hidden from your public profile"
   */
  public record Row(String name, long xp, long recentXp, boolean language, boolean hidden) {
    public String text() {
      return LevelMaths.describe(name, xp, recentXp);
    }

    public LevelMaths.Progress progress() {
      return LevelMaths.progress(xp, recentXp);
    }
  }

  /**
   * One cell of the day-of-year table.
   *
   * @param dayOfYear in a leap year, 1..366; 0 for dates that do not exist (30 February)
   * @param heat 0 (none) .. 4 (most)
   */
  public record DayCell(int dayOfYear, String label, long xp, int heat, boolean today) {
    public String title() {
      return dayOfYear == 0 ? "" : label + ": " + xpText();
    }

    public String xpText() {
      return LevelMaths.thousands(xp) + " XP";
    }

    public String cssClass() {
      return dayOfYear == 0 ? "doy-none" : "doy-heat-" + heat + (today ? " doy-today" : "");
    }
  }
}
