package net.codestats.pulse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A pulse that passed every check.
 *
 * @param codedAt the instant the client sent (before clamping), part of the retry identity
 * @param sentAt the instant stored: {@code codedAt}, or the arrival time if that was later
 * @param offsetMinutes the client's UTC offset
 * @param entries XP per language, in the order sent
 */
record ParsedPulse(Instant codedAt, Instant sentAt, int offsetMinutes, List<Entry> entries) {

  LocalDateTime sentAtLocal() {
    return LocalDateTime.ofInstant(sentAt, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }

  /** One XP entry; {@code language} is the name as sent, before trimming. */
  record Entry(String language, int xp) {}
}
