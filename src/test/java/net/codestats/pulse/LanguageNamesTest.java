package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.pulse.LanguageNames.Problem;
import org.junit.jupiter.api.Test;

/** The one rule for language names, shared by the pulse API and imports. */
class LanguageNamesTest {

  @Test
  void storableNamesHaveNoProblem() {
    assertThat(LanguageNames.problem("Java")).isEmpty();
    assertThat(LanguageNames.problem("C♯ 🐍")).isEmpty();
    assertThat(LanguageNames.problem("x".repeat(Languages.MAX_NAME_LENGTH))).isEmpty();
    assertThat(LanguageNames.problem("🐍".repeat(Languages.MAX_NAME_LENGTH))).as("characters, not UTF-16 units")
        .isEmpty();
  }

  @Test
  void controlCharactersAndBrokenSurrogatesAreRefused() {
    assertThat(LanguageNames.problem("Ja\u0000va")).contains(Problem.CHARACTERS);
    assertThat(LanguageNames.problem("Ja\nva")).contains(Problem.CHARACTERS);
    assertThat(LanguageNames.problem("Ja\u0085va")).contains(Problem.CHARACTERS);
    assertThat(LanguageNames.problem("Ja\uD83Dva")).contains(Problem.CHARACTERS);
    assertThat(LanguageNames.problem("Java\uDC0D")).contains(Problem.CHARACTERS);
  }

  @Test
  void tooLongNamesAreRefusedAfterTheCharacters() {
    assertThat(LanguageNames.problem("x".repeat(Languages.MAX_NAME_LENGTH + 1))).contains(Problem.LENGTH);
    assertThat(LanguageNames.problem("\u0000".repeat(Languages.MAX_NAME_LENGTH + 1))).contains(Problem.CHARACTERS);
  }
}
