package net.codestats.pulse;

/**
 * A user's stored XP was deleted or counted under another language (a machine deleted, a
 * correction, an alias). Published inside the transaction that changed it, so that what is
 * derived from the raw XP is recomputed before the commit.
 */
public record XpRewritten(long userId) {}
