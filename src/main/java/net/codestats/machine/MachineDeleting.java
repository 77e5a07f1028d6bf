package net.codestats.machine;

/**
 * A machine is about to be deleted, inside the deleting transaction and with the machine row
 * locked: listeners remove what belongs to it (its pulses) before the row goes.
 */
public record MachineDeleting(long userId, long machineId) {}
