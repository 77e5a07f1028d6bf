package net.codestats.profile;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.codestats.account.UsernamePaths;
import net.codestats.xp.LevelMaths;

/**
 * What the profile page shows; {@code dataJson} carries the same figures for the page's
 * script, which keeps them up to date live.
 *
 * @param owner the viewer is the profile's owner
 * @param channelToken lets the owner follow a private profile live (null for others)
 * @param today the user's current local date (offset of their latest pulse)
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
    String channelToken,
    LocalDate today,
    String dataJson) {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH);
  static final int TOP = 10;

  /** This page as its owner sees it, with the token that lets them follow it live. */
  ProfilePage forOwner(String channelToken) {
    return new ProfilePage(
        username, registered, lastProgrammed, totalXp, recentXp, languages, machines, dayOfYear, true, channelToken, today,
        dataJson);
  }

  /** The avatar through the server's proxy (viewers never see a Gravatar hash). */
  public String avatarUrl() {
    return "/avatar/" + UsernamePaths.toSegment(username);
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

  public List<Row> otherLanguages() {
    return languages.size() <= TOP ? List.of() : languages.subList(TOP, languages.size());
  }

  /** A language or machine with its level bar. */
  public record Row(String name, long xp, long recentXp, boolean language) {
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
      return dayOfYear == 0 ? "" : label + ": " + LevelMaths.thousands(xp) + " XP";
    }

    public String cssClass() {
      return dayOfYear == 0 ? "doy-none" : "doy-heat-" + heat + (today ? " doy-today" : "");
    }
  }
}
