package net.codestats.machine;

/** The machine (and its user) that a valid, active API token belongs to. */
public record AuthenticatedMachine(long machineId, long userId, String machineName) {}
