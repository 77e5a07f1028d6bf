package net.codestats.machine;

import net.codestats.system.ClusterEvent;

/**
 * A machine was created, renamed, given a new token, deactivated, activated or deleted (alone or
 * with its account), published in the transaction that changed it: what profiles show and what
 * a token check needs has changed.
 */
public record MachineChanged(long userId, long machineId) implements ClusterEvent {}
