package net.codestats.machine;

/** A machine was renamed, deactivated, activated or deleted: what profiles show has changed. */
public record MachineChanged(long userId, long machineId) {}
