package net.codestats.badge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * Advance widths of Verdana, per code point, from the character-width tables of the npm
 * package {@code anafanafo} 2.0.0 (MIT licence, Copyright (c) 2018 Metabolize LLC; see
 * {@code badge/fonts/LICENSE-anafanafo.txt}), the tables shields.io measures its badges with.
 * A table lists ranges {@code [first, last, width]} at one size; widths scale linearly to other
 * sizes. A code point the table lacks gets the average width of printable ASCII (a full em for
 * East Asian wide characters), and format characters such as the bidi isolates are zero wide.
 */
enum FontMetrics {
  VERDANA_11("verdana-11px-normal.json", 11),
  VERDANA_10("verdana-10px-normal.json", 10),
  VERDANA_10_BOLD("verdana-10px-bold.json", 10);

  private final int tableSize;
  private final int[] firsts;
  private final int[] lasts;
  private final double[] widths;
  private final double fallback;

  FontMetrics(String resource, int tableSize) {
    this.tableSize = tableSize;
    double[][] ranges = read("/badge/fonts/" + resource);
    firsts = new int[ranges.length];
    lasts = new int[ranges.length];
    widths = new double[ranges.length];
    for (int i = 0; i < ranges.length; i++) {
      firsts[i] = (int) ranges[i][0];
      lasts[i] = (int) ranges[i][1];
      widths[i] = ranges[i][2];
    }
    double sum = 0;
    for (int c = 0x20; c < 0x7f; c++) {
      sum += known(c);
    }
    fallback = sum / (0x7f - 0x20);
  }

  private static double[][] read(String resource) {
    try (InputStream in = FontMetrics.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing font table " + resource);
      }
      return JsonMapper.shared().readValue(in, double[][].class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The width of {@code text} at the table's own size, in pixels. */
  double width(String text) {
    double width = 0;
    for (int i = 0; i < text.length();) {
      int c = text.codePointAt(i);
      width += width(c);
      i += Character.charCount(c);
    }
    return width;
  }

  /** The width of {@code text} at {@code size} pixels. */
  double width(String text, double size) {
    return width(text) * size / tableSize;
  }

  double width(int codePoint) {
    double known = known(codePoint);
    if (!Double.isNaN(known)) {
      return known;
    }
    if (Character.getType(codePoint) == Character.FORMAT) {
      return 0;
    }
    return wide(codePoint) ? tableSize : fallback;
  }

  private double known(int codePoint) {
    int at = Arrays.binarySearch(firsts, codePoint);
    int range = at >= 0 ? at : -at - 2;
    return range >= 0 && codePoint <= lasts[range] ? widths[range] : Double.NaN;
  }

  private static boolean wide(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return Character.isIdeographic(codePoint)
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || Character.getType(codePoint) == Character.OTHER_SYMBOL && codePoint >= 0x1f000; // emoji
  }
}
