package net.codestats.machine;

import java.time.Instant;

public record Machine(long id, long userId, String name, boolean active, Instant createdAt) {}
