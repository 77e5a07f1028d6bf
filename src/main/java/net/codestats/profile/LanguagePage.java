package net.codestats.profile;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import net.codestats.account.UsernamePaths;
import net.codestats.xp.LevelMaths;

/**
 * What a language page {@code /users/{name}/languages/{language}} shows; {@code dataJson}
 * carries the same figures for the page's script, which draws the charts and keeps them up to
 * date live.
 *
 * @param owner the viewer is the profile's owner (days then link to the pulses behind them)
 * @param channelToken lets the owner follow a private profile live (null for others)
 * @param calendar the last year, a column per week (Monday first), a cell per day
 */
public record LanguagePage(
    String username,
    String language,
    long xp,
    long recentXp,
    LocalDate firstDay,
    LocalDate lastDay,
    long userTotalXp,
    List<List<CalendarCell>> calendar,
    long busiestDayXp,
    boolean owner,
    String channelToken,
    String dataJson) {

  public String levelText() {
    return LevelMaths.describe(language, xp, recentXp);
  }

  public LevelMaths.Progress progress() {
    return LevelMaths.progress(xp, recentXp);
  }

  public String xpText() {
    return LevelMaths.thousands(xp) + " XP";
  }

  public String recentXpText() {
    return LevelMaths.thousands(recentXp) + " XP";
  }

  public String firstDayText() {
    return ProfilePage.DATE.format(firstDay);
  }

  public String lastDayText() {
    return ProfilePage.DATE.format(lastDay);
  }

  /** "42.5 %" of the user's total, one decimal (languages.js has the same rule). */
  public String shareText() {
    return share(xp, userTotalXp);
  }

  static String share(long xp, long total) {
    if (total <= 0) {
      return "0 %";
    }
    long tenths = Math.round(xp * 1000.0 / total);
    return tenths / 10 + "." + tenths % 10 + " %";
  }

  public String profilePath() {
    return "/users/" + UsernamePaths.toSegment(username);
  }

  public List<String> legend() {
    return ProfilePage.legend(busiestDayXp);
  }

  /** The weekday labels of the calendar's rows, Monday first. */
  public List<String> weekdays() {
    return List.of(DayOfWeek.values()).stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).toList();
  }

  /** A month's short name over the first week (column) that holds its first day, else "". */
  public String monthOver(int week) {
    for (CalendarCell cell : calendar.get(week)) {
      if (cell.date() != null && cell.date().getDayOfMonth() == 1) {
        return cell.date().getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      }
    }
    return "";
  }

  /**
   * One day of the calendar.
   *
   * @param date null for the days after today in the last column
   * @param heat 0 (none) .. 4 (most)
   */
  public record CalendarCell(LocalDate date, long xp, int heat, String explainPath) {
    public String title() {
      return date == null ? "" : ProfilePage.DATE.format(date) + ": " + LevelMaths.thousands(xp) + " XP";
    }

    public String cssClass() {
      return date == null ? "cal-none" : "doy-heat-" + heat;
    }
  }
}
