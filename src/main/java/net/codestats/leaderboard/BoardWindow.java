package net.codestats.leaderboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * A board's time window, by the UTC {@code sent_at} of the XP. Windows start at a UTC
 * midnight (the aggregates' grain is the UTC hour): the last 7 days are today and the 6 days
 * before it.
 */
public enum BoardWindow {
  WEEK("7d", "Last 7 days"),
  MONTH("30d", "Last 30 days"),
  YEAR("year", "This year"),
  ALL("all", "All time");

  private final String key;
  private final String label;

  BoardWindow(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The {@code ?window=} value. */
  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public static Optional<BoardWindow> of(String key) {
    return Arrays.stream(values()).filter(w -> w.key.equals(key)).findFirst();
  }

  /** Where the window starts at {@code now}; null for all time. */
  public Instant since(Instant now) {
    LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate first =
        switch (this) {
          case WEEK -> today.minusDays(6);
          case MONTH -> today.minusDays(29);
          case YEAR -> today.withDayOfYear(1);
          case ALL -> null;
        };
    return first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
