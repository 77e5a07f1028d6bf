package net.codestats.xp;

/**
 * Levels as every Code::Stats client computes them: {@code level = floor(0.025 * sqrt(xp))},
 * so level L starts at 1600·L² XP. Computed in integers so that the thresholds are exact.
 */
public final class LevelMaths {

  static final long XP_PER_LEVEL_SQUARED = 1600;

  private LevelMaths() {}

  public static int level(long xp) {
    if (xp <= 0) {
      return 0;
    }
    long level = (long) Math.sqrt(xp / (double) XP_PER_LEVEL_SQUARED);
    // correct the floating-point estimate so that levelStart(level) <= xp < levelStart(level + 1)
    while (levelStart(level) > xp) {
      level--;
    }
    while (levelStart(level + 1) <= xp) {
      level++;
    }
    return (int) level;
  }

  /** The XP at which a level starts: 1600·L². */
  public static long levelStart(long level) {
    return XP_PER_LEVEL_SQUARED * level * level;
  }

  /** How far into its level {@code xp} is, in percent, rounded down (0..99). */
  public static int progressPercent(long xp) {
    if (xp <= 0) {
      return 0;
    }
    int level = level(xp);
    long start = levelStart(level);
    long span = levelStart(level + 1) - start;
    return (int) ((xp - start) * 100 / span);
  }

  /**
   * The two parts of a level bar: the XP older than 12 hours and the recent XP, in percent
   * of the current level. Old XP that lies below the current level shows as an empty old
   * part, and the recent part then covers all progress within the level.
   */
  public static Progress progress(long totalXp, long recentXp) {
    long total = Math.max(0, totalXp);
    long recent = Math.clamp(recentXp, 0, total);
    int level = level(total);
    long start = levelStart(level);
    long span = levelStart(level + 1) - start;
    long old = total - recent;
    long oldInLevel = Math.max(0, old - start);
    int oldPercent = (int) (oldInLevel * 100 / span);
    int totalPercent = progressPercent(total);
    return new Progress(level, oldPercent, totalPercent - oldPercent);
  }

  /** {@code Level 12 (231,210 XP) (+1,024)} or, with a label, {@code Python level 7 (…)}. */
  public static String describe(String label, long xp, long recentXp) {
    var text = new StringBuilder();
    text.append(label == null ? "Level " : label + " level ").append(level(xp));
    text.append(" (").append(thousands(xp)).append(" XP)");
    if (recentXp > 0) {
      text.append(" (+").append(thousands(recentXp)).append(')');
    }
    return text.toString();
  }

  /** {@code 1234567} as {@code 1,234,567}. */
  public static String thousands(long number) {
    // by hand: DecimalFormat is not thread-safe and costly to make, and pages call this a lot
    String digits = Long.toString(number);
    int sign = number < 0 ? 1 : 0;
    int length = digits.length() - sign;
    int lead = sign + (length % 3 == 0 ? 3 : length % 3);
    StringBuilder text = new StringBuilder(digits.length() + length / 3).append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      text.append(',').append(digits, i, i + 3);
    }
    return text.toString();
  }

  /**
   * @param level the level reached
   * @param oldPercent part of the bar filled by XP older than 12 hours
   * @param recentPercent part of the bar filled by the last 12 hours
   */
  public record Progress(int level, int oldPercent, int recentPercent) {
    public int percent() {
      return oldPercent + recentPercent;
    }
  }
}
