package net.codestats.admin.views;

import java.time.Instant;

/** One admin action: who, when, what. */
public record AuditEntry(long id, Instant at, String actor, String action, String detail) {}
