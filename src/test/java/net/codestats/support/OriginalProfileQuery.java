package net.codestats.support;

import java.time.Instant;
import java.time.LocalDate;

/** The GraphQL query the original profile page sent: the tests' and the benchmark's one copy. */
public final class OriginalProfileQuery {

  private OriginalProfileQuery() {}

  /** @param recent the "since" of the recent figures; @param chartStart the first day of the two-week chart */
  public static String of(String username, Instant recent, LocalDate chartStart) {
    return """
        {
          profile(username: "%s") {
            total_langs: languages {name xp}
            recent_langs: languages(since: "%s") {name xp}
            total_machines: machines {name xp}
            recent_machines: machines(since: "%s") {name xp}
            day_language_xps: dayLanguageXps(since: "%s") {date language xp}
            day_of_year_xps: dayOfYearXps
            hour_of_day_xps: hourOfDayXps
          }
        }""".formatted(username, recent, recent, chartStart);
  }
}
