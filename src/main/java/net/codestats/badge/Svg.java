package net.codestats.badge;

import java.util.Locale;

/** Writing SVG text safely: XML escaping, bidi isolation and numbers as badges show them. */
final class Svg {

  static final String FONT_FAMILY = "Verdana,Geneva,DejaVu Sans,sans-serif";
  /** First strong isolate and pop directional isolate: RTL user text cannot reorder what is around it. */
  private static final char FSI = '\u2068';

  private static final char PDI = '\u2069';

  private Svg() {}

  /**
   * {@code text} as XML character data or an attribute value: markup characters escaped, and
   * what XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/FFFF)
   * replaced by U+FFFD.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length();) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (allowedInXml(c)) {
            out.appendCodePoint(c);
          } else {
            out.append('\uFFFD');
          }
        }
      }
    }
    return out.toString();
  }

  /** User text for a {@code <text>} element: isolated from the text around it, then escaped. */
  static String isolated(String text) {
    return escape(FSI + text + PDI);
  }

  private static boolean allowedInXml(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
        || c >= 0x10000 && c <= 0x10FFFF;
  }

  /** {@code 1234567} as {@code 1.2M}: one decimal below 100 of a unit, rounded down so a figure never overstates. */
  static String compact(long xp) {
    if (xp < 1000) {
      return Long.toString(Math.max(0, xp));
    }
    String[] units = {"k", "M", "B", "T"};
    double value = xp;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    if (value < 100) {
      double tenths = Math.floor(value * 10) / 10;
      String text = tenths == Math.floor(tenths)
          ? Long.toString((long) tenths)
          : String.format(Locale.ROOT, "%.1f",
              tenths);
      return text + units[unit];
    }
    return (long) Math.floor(value) + units[unit];
  }

  /** A length for an attribute: at most one decimal, no trailing zero. */
  static String number(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + Math.abs(tenths % 10);
  }
}
