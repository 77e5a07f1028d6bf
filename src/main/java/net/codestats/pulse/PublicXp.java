package net.codestats.pulse;

/**
 * Who counts as public and which languages they have XP in, for the public language list;
 * provided by the modules that own the accounts and the aggregates (they depend on this one).
 */
public interface PublicXp {

  /** The languages (as counted) that some public profile has XP in. */
  long[] countedLanguageIds();

  /** The users whose profile is private. */
  long[] privateUserIds();
}
