package net.codestats.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.codestats.support.Chromium.Verdict;
import org.junit.jupiter.api.Test;

/** When a browser test runs, is skipped or fails: binaries present or not, CI set or not. */
class ChromiumVerdictTest {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @Test
  void runsWhenBothBinariesArePresentWhetherOrNotInCi() {
    assertThat(Chromium.verdict(List.of(), null)).isEqualTo(Verdict.RUN);
    assertThat(Chromium.verdict(List.of(), "true")).isEqualTo(Verdict.RUN);
  }

  @Test
  void skipsOutsideCiAndFailsUnderCiWhenABinaryIsMissing() {
    var missing = List.of(DRIVER);
    assertThat(Chromium.verdict(missing, null)).isEqualTo(Verdict.SKIP);
    assertThat(Chromium.verdict(missing, "")).isEqualTo(Verdict.SKIP);
    assertThat(Chromium.verdict(missing, "false")).isEqualTo(Verdict.SKIP);
    assertThat(Chromium.verdict(missing, "true")).isEqualTo(Verdict.FAIL);
    assertThat(Chromium.verdict(missing, "TRUE")).isEqualTo(Verdict.FAIL);
  }

  @Test
  void findsExactlyTheMissingBinaries() {
    Set<Path> installed = Set.of(BROWSER);
    assertThat(Chromium.missing(List.of(BROWSER, DRIVER), installed::contains)).containsExactly(DRIVER);
    assertThat(Chromium.missing(List.of(BROWSER), installed::contains)).isEmpty();
  }

  @Test
  void theMessageNamesTheMissingBinaryAndThePackagesToInstall() {
    assertThat(Chromium.missingMessage(List.of(DRIVER)))
        .contains("/usr/bin/chromedriver")
        .contains("chromium chromium-driver");
  }
}
