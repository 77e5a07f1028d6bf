package net.codestats.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.codestats.pulse.Pulses;
import net.codestats.xp.HiddenShare;
import net.codestats.xp.XpQueries;
import org.springframework.stereotype.Component;

/**
 * The profile's statistics, in the shapes the page and GraphQL use: read through the XP
 * module's queries (and, for the time zone, the latest pulse); each without the {@link
 * HiddenShare} it is given (its {@code NONE} for the owner's view).
 */
@Component
class ProfileStats {

  private final XpQueries xp;
  private final Pulses pulses;

  ProfileStats(XpQueries xp, Pulses pulses) {
    this.xp = xp;
    this.pulses = pulses;
  }

  record NameXp(String name, long xp) {}

  record DateXp(LocalDate date, long xp) {}

  record DayLanguageXp(LocalDate date, String language, long xp) {}

  record DowXp(int day, long xp) {}

  List<NameXp> languages(long userId, Instant since, HiddenShare share) {
    return xp.languages(userId, since, share).stream().map(r -> new NameXp(r.name(), r.xp())).toList();
  }

  /** Active machines only. */
  List<NameXp> machines(long userId, Instant since, HiddenShare share) {
    return xp.machines(userId, since, share).stream().map(r -> new NameXp(r.name(), r.xp())).toList();
  }

  List<DateXp> dates(long userId, LocalDate since, HiddenShare share) {
    return xp.dates(userId, since, share).stream().map(r -> new DateXp(r.date(), r.xp())).toList();
  }

  List<DayLanguageXp> dayLanguageXps(long userId, LocalDate since, HiddenShare share) {
    return xp.dayLanguageXps(userId, since, share).stream()
        .map(r -> new DayLanguageXp(r.date(), r.language(), r.xp()))
        .toList();
  }

  List<DowXp> dayOfWeekXps(long userId, LocalDate since, HiddenShare share) {
    return xp.dayOfWeekXps(userId, since, share).stream().map(r -> new DowXp(r.day(), r.xp())).toList();
  }

  /** Keys "1".."366": every year folded onto a leap year, so 1 March is always day 61. */
  Map<String, Long> dayOfYearXps(long userId, HiddenShare share) {
    return xp.dayOfYearXps(userId, share);
  }

  /** Keys "0".."23": local hour of day. */
  Map<String, Long> hourOfDayXps(long userId, HiddenShare share) {
    return xp.hourOfDayXps(userId, share);
  }

  Optional<LocalDate> lastProgrammed(long userId, HiddenShare share) {
    return xp.lastProgrammed(userId, share);
  }

  /** The UTC offset (minutes) of the user's latest pulse: where "today" is for them. */
  Optional<Integer> latestOffsetMinutes(long userId) {
    return pulses.latestOffsetMinutes(userId);
  }
}
