package net.codestats.account;

import net.codestats.system.ClusterEvent;

/**
 * A user hid a language from their public profile or showed it again, published in the
 * transaction that changed it: every public figure of theirs has changed.
 */
public record HiddenLanguagesChanged(long userId) implements ClusterEvent {}
