package net.codestats.account;

import net.codestats.system.ClusterEvent;

/**
 * What a look-up shows of an account changed (its privacy or its address), published in the
 * transaction that changed it.
 */
public record AccountChanged(long userId) implements ClusterEvent {}
