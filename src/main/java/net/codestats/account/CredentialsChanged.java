package net.codestats.account;

import net.codestats.system.ClusterEvent;

/** The account's credentials generation moved on (a password change or reset, a disabling). */
record CredentialsChanged(long userId) implements ClusterEvent {}
