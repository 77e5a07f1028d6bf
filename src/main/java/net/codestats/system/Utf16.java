package net.codestats.system;

/** Checks on Java strings as UTF-16: JSON escapes can make lone surrogates, which no encoder can write. */
public final class Utf16 {

  private Utf16() {}

  /** Whether the text is valid UTF-16: every surrogate in a pair (null counts as valid). */
  public static boolean isWellFormed(String text) {
    if (text == null) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
