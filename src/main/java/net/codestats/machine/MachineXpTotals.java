package net.codestats.machine;

import java.util.Map;

/**
 * The XP per machine that the machine pages show, provided by the module that keeps the
 * aggregates and the level maths (machines do not depend on it: it depends on them).
 */
public interface MachineXpTotals {

  /** Machine id → its total XP; machines without XP are left out. */
  Map<Long, Long> xpByMachine(long userId);

  /** "Level 3 (1.2k XP)": a machine's level and XP in words. */
  String levelText(long xp);
}
