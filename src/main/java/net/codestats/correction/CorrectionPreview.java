package net.codestats.correction;

import java.time.LocalDate;
import java.util.List;

/**
 * What a removal would take away, before anything is removed.
 *
 * @param days pulses and XP per local date and language, oldest first
 * @param languages per language: the profile's XP before and after
 * @param pulses pulses touched in all
 * @param xp XP removed in all
 * @param totalBefore the profile's total XP now
 */
public record CorrectionPreview(
    CorrectionScope scope, List<Day> days, List<Language> languages, long pulses, long xp, long totalBefore) {

  public record Day(LocalDate date, String language, long pulses, long xp) {}

  public record Language(String name, long removed, long before) {
    public long after() {
      return before - removed;
    }
  }

  public long totalAfter() {
    return totalBefore - xp;
  }

  public boolean isEmpty() {
    return xp == 0 && pulses == 0;
  }
}
