package net.codestats.correction;

import java.time.Instant;
import java.util.Locale;

/**
 * One correction as listed on the page and in the export.
 *
 * @param what the choice, described ({@link CorrectionScope#describe})
 * @param pulses pulses touched (all their XP, or one language's part)
 * @param restorableUntil when its XP is purged, if not restored before
 * @param restorable whether it can be restored now
 */
public record Correction(
    long id,
    Instant createdAt,
    String what,
    int pulses,
    long xp,
    State state,
    Instant restoredAt,
    Instant purgedAt,
    Instant restorableUntil,
    boolean restorable) {

  public enum State {
    REMOVED,
    RESTORED,
    PURGED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
