package net.codestats.xp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelMathsTest {

  @Test
  void levelIsZeroForNoOrNegativeXp() {
    assertThat(LevelMaths.level(0)).isZero();
    assertThat(LevelMaths.level(-5)).isZero();
    assertThat(LevelMaths.level(1)).isZero();
    assertThat(LevelMaths.level(1599)).isZero();
  }

  @Test
  void everyLevelStartsExactlyAt1600TimesItsSquare() {
    for (int level = 1; level <= 10_000; level++) {
      long start = 1600L * level * level;
      assertThat(LevelMaths.levelStart(level)).isEqualTo(start);
      assertThat(LevelMaths.level(start)).as("level at %d XP", start).isEqualTo(level);
      assertThat(LevelMaths.level(start - 1)).as("level at %d XP", start - 1).isEqualTo(level - 1);
    }
  }

  @Test
  void matchesTheClientFormulaAwayFromThresholds() {
    // Clients compute floor(0.025 * sqrt(xp)); off the exact thresholds both agree.
    for (long xp = 0; xp < 3_000_000; xp += 997) {
      long start = LevelMaths.levelStart(LevelMaths.level(xp));
      if (xp == start) {
        continue;
      }
      assertThat(LevelMaths.level(xp)).isEqualTo((int) Math.floor(0.025 * Math.sqrt(xp)));
    }
  }

  @Test
  void handlesHugeXpWithoutOverflow() {
    long xp = 4_000_000_000_000L; // level 50,000
    assertThat(LevelMaths.level(xp)).isEqualTo(50_000);
    assertThat(LevelMaths.level(xp - 1)).isEqualTo(49_999);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "800, 50", // half of level 0..1 (0 → 1600)
    "1600, 0", // start of level 1
    "4000, 50", // level 1 spans 1600..6400
    "6399, 99",
    "6400, 0"
  })
  void progressIsThePercentOfTheCurrentLevelRoundedDown(long xp, int percent) {
    assertThat(LevelMaths.progressPercent(xp)).isEqualTo(percent);
  }

  @Test
  void progressBarSplitsOldAndRecentXp() {
    // Level 1 spans 1600..6400 (4800 XP). 4000 XP total, 1200 of them recent.
    var progress = LevelMaths.progress(4000, 1200);
    assertThat(progress.level()).isEqualTo(1);
    assertThat(progress.oldPercent()).isEqualTo(25); // (2800 - 1600) / 4800
    assertThat(progress.recentPercent()).isEqualTo(25); // 50 % in all
    assertThat(progress.percent()).isEqualTo(50);
  }

  @Test
  void oldXpBelowTheCurrentLevelLeavesAnEmptyOldPart() {
    // 1000 old XP (level 0) + 3800 recent = 4800 total: level 1, 66 % in, all of it recent.
    var progress = LevelMaths.progress(4800, 3800);
    assertThat(progress.level()).isEqualTo(1);
    assertThat(progress.oldPercent()).isZero();
    assertThat(progress.recentPercent()).isEqualTo(66);
  }

  @Test
  void recentXpIsClampedToTheTotal() {
    var progress = LevelMaths.progress(100, 500);
    assertThat(progress.oldPercent()).isZero();
    assertThat(progress.percent()).isEqualTo(LevelMaths.progressPercent(100));
    assertThat(LevelMaths.progress(100, -3).recentPercent()).isZero();
  }

  @Test
  void describesLevelsLikeTheOriginal() {
    assertThat(LevelMaths.describe(null, 231_210, 1_024)).isEqualTo("Level 12 (231,210 XP) (+1,024)");
    assertThat(LevelMaths.describe("Python", 80_000, 0)).isEqualTo("Python level 7 (80,000 XP)");
    assertThat(LevelMaths.describe(null, 0, 0)).isEqualTo("Level 0 (0 XP)");
    assertThat(LevelMaths.describe("Elixir", 1_767_278, 5)).isEqualTo("Elixir level 33 (1,767,278 XP) (+5)");
  }

  @Test
  void separatesThousandsWithCommas() {
    assertThat(LevelMaths.thousands(0)).isEqualTo("0");
    assertThat(LevelMaths.thousands(999)).isEqualTo("999");
    assertThat(LevelMaths.thousands(1000)).isEqualTo("1,000");
    assertThat(LevelMaths.thousands(3_073_421)).isEqualTo("3,073,421");
    assertThat(LevelMaths.thousands(12_345)).isEqualTo("12,345");
    assertThat(LevelMaths.thousands(-1_234_567)).isEqualTo("-1,234,567");
    assertThat(LevelMaths.thousands(-12)).isEqualTo("-12");
    assertThat(LevelMaths.thousands(Long.MIN_VALUE)).isEqualTo("-9,223,372,036,854,775,808");
  }
}
