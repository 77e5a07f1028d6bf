package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import net.codestats.xp.LevelMaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The profile page redraws levels, bars and day shades itself as live pulses arrive (the live
 * push carries only the pulse), so levels.js repeats the server's rules: here both run on the
 * same table of cases and must give the same answers.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberScriptsBrowserTest {

  private static final String RUN_LEVELS_JS =
      """
      const cases = arguments[0];
      const done = arguments[arguments.length - 1];
      import('/js/levels.js').then(m => done({
        levels: cases.levels.map(xp => String(m.level(xp))),
        progress: cases.progress.map(([total, recent]) => {
          const p = m.progress(total, recent);
          return p.level + '/' + p.oldPercent + '/' + p.recentPercent;
        }),
        describe: cases.describe.map(([label, xp, recent]) => m.describe(label, xp, recent)),
        heat: cases.heat.map(([xp, max]) => String(m.heat(xp, max))),
        legend: cases.legend.map(max => m.legend(max).join('|')),
      })).catch(e => done({ error: String(e) }));
      """;

  @LocalServerPort int port;
  ChromeDriver driver;

  @BeforeAll
  void startBrowser() {
    driver = Chromium.start();
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void levelsJsAnswersAsTheServerDoes() {
    List<Long> xps =
        new ArrayList<>(List.of(-5L, 0L, 1L, 799L, 800L, 4000L, 4_000_000_000_000L - 1, 4_000_000_000_000L));
    for (long level = 1; level <= 2000; level += level < 50 ? 1 : 37) {
      long start = LevelMaths.levelStart(level);
      xps.addAll(List.of(start - 1, start, start + 1, start + (LevelMaths.levelStart(level + 1) - start) / 2));
    }
    List<List<Long>> bars = new ArrayList<>();
    for (long total : xps) {
      for (long recent : List.of(-3L, 0L, 1L, total / 3, total / 2 + 7, total, total + 5)) {
        bars.add(List.of(total, recent));
      }
    }
    List<List<Object>> descriptions = new ArrayList<>();
    for (long xp : List.of(0L, 5L, 1_600L, 999_999L, 1_234_567_890L)) {
      for (long recent : List.of(0L, 7L, 12_345L)) {
        descriptions.add(Arrays.asList(null, xp, recent));
        descriptions.add(Arrays.asList("C++", xp, recent));
      }
    }
    List<Long> maxima = List.of(0L, 1L, 2L, 3L, 4L, 5L, 7L, 100L, 1_234_567L, 4_000_000_000_000L);
    List<List<Long>> shades = new ArrayList<>();
    for (long max : maxima) {
      for (long xp : List.of(0L, 1L, 2L, 3L, max / 4, max / 4 + 1, max / 2, max - 1, max)) {
        shades.add(List.of(xp, max));
      }
    }

    driver.get("http://localhost:" + port + "/");
    @SuppressWarnings("unchecked")
    var answers =
        (Map<String, Object>) driver.executeAsyncScript(
            RUN_LEVELS_JS,
            Map.of("levels", xps, "progress", bars, "describe", descriptions, "heat", shades, "legend", maxima));
    assertThat(answers).doesNotContainKey("error");

    assertThat(answers.get("levels")).isEqualTo(xps.stream().map(xp -> String.valueOf(LevelMaths.level(xp))).toList());
    assertThat(answers.get("progress"))
        .isEqualTo(
            bars.stream()
                .map(bar -> LevelMaths.progress(bar.get(0), bar.get(1)))
                .map(p -> p.level() + "/" + p.oldPercent() + "/" + p.recentPercent())
                .toList());
    assertThat(answers.get("describe"))
        .isEqualTo(descriptions.stream()
            .map(d -> LevelMaths.describe((String) d.get(0), (long) d.get(1), (long) d.get(2))).toList());
    assertThat(answers.get("heat"))
        .isEqualTo(shades.stream().map(s -> String.valueOf(ProfilePageController.heat(s.get(0), s.get(1)))).toList());
    assertThat(answers.get("legend"))
        .isEqualTo(maxima.stream().map(max -> String.join("|", ProfilePage.legend(max))).toList());
  }
}
