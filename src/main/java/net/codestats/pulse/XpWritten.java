package net.codestats.pulse;

import java.util.List;

/**
 * New XP entries were written (by the pulse API or an import). Published inside the writing
 * transaction, once per batch, so that a synchronous listener (the aggregates) changes in the
 * same transaction and commits or rolls back with the raw rows.
 */
public record XpWritten(List<XpEntry> entries) {}
