package net.codestats.account;

import net.codestats.system.ClusterEvent;

/** Published in the deleting transaction, after the account and all its data are gone. */
public record AccountDeleted(long userId, String username) implements ClusterEvent {}
