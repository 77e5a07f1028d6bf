package net.codestats.pulse;

import java.util.Optional;
import net.codestats.system.Utf16;

/**
 * The one rule for language names, whether they come from the pulse API or an import: the
 * name as {@link Languages#normalize} stores it, at most {@link Languages#MAX_NAME_LENGTH}
 * characters, without control characters (PostgreSQL text cannot even hold NUL) or broken
 * surrogate pairs.
 */
public final class LanguageNames {

  /** What keeps a name from being stored. */
  public enum Problem {
    CHARACTERS,
    LENGTH
  }

  private LanguageNames() {}

  /** What is wrong with a normalised name, checked in this order; empty when it can be stored. */
  public static Optional<Problem> problem(String normalized) {
    if (normalized.chars().anyMatch(Character::isISOControl) || !Utf16.isWellFormed(normalized)) {
      return Optional.of(Problem.CHARACTERS);
    }
    if (normalized.codePointCount(0, normalized.length()) > Languages.MAX_NAME_LENGTH) {
      return Optional.of(Problem.LENGTH);
    }
    return Optional.empty();
  }
}
