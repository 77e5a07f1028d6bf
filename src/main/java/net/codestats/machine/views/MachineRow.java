package net.codestats.machine.views;

import net.codestats.machine.Machine;
import net.codestats.xp.LevelMaths;

/** A machine as its owner's machine pages show it. */
public record MachineRow(Machine machine, String token, long xp) {

  public String levelText() {
    return "Level " + LevelMaths.level(xp) + " (" + LevelMaths.thousands(xp) + " XP)";
  }
}
