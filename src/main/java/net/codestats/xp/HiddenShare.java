package net.codestats.xp;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.codestats.pulse.Pulses;

/**
 * The part of a user's figures that their {@link HiddenItems} take out of the public view, in
 * the dimensions the aggregates have: per language, machine, local date, local date × language
 * and local hour. Public figures are the aggregates minus this share, so the aggregates without
 * a machine dimension (per local date or hour) need no new table: the share is summed from the
 * hidden items' own raw pulses only, for users who hide something, once per profile snapshot.
 * Get it from {@link XpQueries#hiddenShare}; {@link #NONE} costs nothing.
 */
public final class HiddenShare {

  public static final HiddenShare NONE = new HiddenShare(HiddenItems.NONE, List.of());

  private final HiddenItems items;
  final Map<Long, Long> byLanguage = new HashMap<>();
  final Map<Long, Long> byMachine = new HashMap<>();
  final Map<LocalDate, Long> byDate = new HashMap<>();
  final Map<DateLanguage, Long> byDateLanguage = new HashMap<>();
  final long[] byHour = new long[24];

  record DateLanguage(LocalDate date, long languageId) {}

  HiddenShare(HiddenItems items, List<Pulses.HourlyXp> rows) {
    this.items = items;
    for (var row : rows) {
      LocalDate date = row.localHour().toLocalDate();
      byLanguage.merge(row.languageId(), row.xp(), Long::sum);
      byMachine.merge(row.machineId(), row.xp(), Long::sum);
      byDate.merge(date, row.xp(), Long::sum);
      byDateLanguage.merge(new DateLanguage(date, row.languageId()), row.xp(), Long::sum);
      byHour[row.localHour().getHour()] += row.xp();
    }
  }

  public HiddenItems items() {
    return items;
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
