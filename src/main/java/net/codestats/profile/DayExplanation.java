package net.codestats.profile;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.codestats.account.UsernamePaths;
import net.codestats.xp.LevelMaths;

/**
 * The pulses behind one of the owner's days ("explain a number"): the day's figure and one page
 * of the pulses that make it up.
 *
 * @param language the language asked for (its display name), or null for all
 * @param pulses how many pulses the day (in that language) has, on all pages
 * @param xp the day's XP: the figure the profile or language page shows for it
 */
public record DayExplanation(
    String username,
    LocalDate date,
    String language,
    long pulses,
    long xp,
    List<Line> lines,
    int page,
    int pages) {

  /** Pulses on one page: a heavy day (thousands of pulses) is read a page at a time. */
  static final int PAGE_SIZE = 200;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);

  public String dateText() {
    return ProfilePage.DATE.format(date);
  }

  public String xpText() {
    return LevelMaths.thousands(xp) + " XP";
  }

  public String pulsesText() {
    return LevelMaths.thousands(pulses) + (pulses == 1 ? " pulse" : " pulses");
  }

  /** Where the day's figure is shown: the language page or the profile. */
  public String backPath() {
    return language == null
        ? "/users/" + UsernamePaths.toSegment(username)
        : LanguagePaths.path(username, language);
  }

  public String pagePath(int number) {
    String base = LanguagePaths.explainDay(date.toString(), language);
    return base + (base.contains("?") ? "&" : "?") + "page=" + number;
  }

  /**
   * One pulse.
   *
   * @param offset the UTC offset the client sent, e.g. {@code +02:00}
   * @param xps "Java 120, Kotlin 4"
   */
  public record Line(LocalDateTime sentAtLocal, String offset, String machine, String xps, long xp) {
    public String time() {
      return TIME.format(sentAtLocal);
    }

    public String xpText() {
      return LevelMaths.thousands(xp);
    }
  }
}
