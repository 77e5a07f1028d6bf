package net.codestats.machine.views;

import net.codestats.machine.Machine;

/**
 * A machine as its owner's machine pages show it.
 *
 * @param levelText its level and XP, as the XP module words it
 */
public record MachineRow(Machine machine, String token, long xp, String levelText) {}
