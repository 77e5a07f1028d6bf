package net.codestats.machine;

import java.time.Instant;

/** @param hidden left out of the public profile and every public figure (its owner still sees it) */
public record Machine(long id, long userId, String name, boolean active, Instant createdAt, boolean hidden) {}
