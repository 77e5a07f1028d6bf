package net.codestats.xp;

import java.time.LocalDateTime;

/** One stored XP entry as the aggregates see it. */
public record XpEntry(long userId, long machineId, long languageId, LocalDateTime sentAtLocal, int amount) {}
