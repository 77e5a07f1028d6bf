package net.codestats.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The vendored Verdana tables and the text helpers the badges are drawn with. */
class FontMetricsTest {

  @Test
  void measuresVerdanaAsShieldsDoes() {
    // anafanafo's own figures for 11px Verdana
    assertThat(FontMetrics.VERDANA_11.width("build")).isCloseTo(26.7, within(0.01));
    assertThat(FontMetrics.VERDANA_11.width("W")).isGreaterThan(FontMetrics.VERDANA_11.width("i") * 3);
    assertThat(FontMetrics.VERDANA_10_BOLD.width("Java")).isGreaterThan(FontMetrics.VERDANA_10.width("Java"));
    assertThat(FontMetrics.VERDANA_10.width("Java", 20)).isEqualTo(2 * FontMetrics.VERDANA_10.width("Java"));
  }

  @Test
  void widthsGrowWithEveryCharacterAndUnknownOnesGetAnAverage() {
    double previous = 0;
    StringBuilder text = new StringBuilder();
    for (String part : new String[] {"a", "Ж", "ש", "漢", "😀", "\uDB80\uDC00"}) {
      text.append(part);
      double width = FontMetrics.VERDANA_11.width(text.toString());
      assertThat(width).as(text.toString()).isGreaterThan(previous + 2);
      previous = width;
    }
    assertThat(FontMetrics.VERDANA_11.width("\u2068a\u2069")).isEqualTo(FontMetrics.VERDANA_11.width("a"));
    assertThat(FontMetrics.VERDANA_11.width("漢")).isGreaterThanOrEqualTo(10);
  }

  @Test
  void escapesMarkupAndDropsWhatXmlCannotHold() {
    assertThat(Svg.escape("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;");
    assertThat(Svg.escape("a\u0001b\uD800c\uFFFEd😀")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd😀");
    assertThat(Svg.isolated("שלום")).isEqualTo("\u2068שלום\u2069");
  }

  @Test
  void compactNumbersNeverOverstate() {
    assertThat(Svg.compact(0)).isEqualTo("0");
    assertThat(Svg.compact(999)).isEqualTo("999");
    assertThat(Svg.compact(1000)).isEqualTo("1k");
    assertThat(Svg.compact(1299)).isEqualTo("1.2k");
    assertThat(Svg.compact(99_999)).isEqualTo("99.9k");
    assertThat(Svg.compact(100_000)).isEqualTo("100k");
    assertThat(Svg.compact(999_999)).isEqualTo("999k");
    assertThat(Svg.compact(1_250_000)).isEqualTo("1.2M");
    assertThat(Svg.compact(12_000_000_000L)).isEqualTo("12B");
    assertThat(Badges.message(1_250_000)).isEqualTo("level 27 · 1.2M XP");
  }

  @Test
  void cutsNamesThatDoNotFit() {
    String name = "A".repeat(100);
    String cut = CardSvg.fit(name, FontMetrics.VERDANA_10_BOLD, 18, 200);
    assertThat(cut).endsWith("…").hasSizeLessThan(100);
    assertThat(FontMetrics.VERDANA_10_BOLD.width(cut, 18)).isLessThanOrEqualTo(200);
    assertThat(CardSvg.fit("Ann", FontMetrics.VERDANA_10_BOLD, 18, 200)).isEqualTo("Ann");
  }
}
