package net.codestats.pulse;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One stored XP entry, as the aggregates see it.
 *
 * @param sentAt the pulse's UTC instant (for the per-UTC-hour aggregate)
 */
public record XpEntry(
    long userId, long machineId, long languageId, LocalDateTime sentAtLocal, int amount, Instant sentAt) {}
