package net.codestats.system;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;

/**
 * Rules shared by every name that others see (usernames, machine names): the name is taken
 * in its NFKC form (fullwidth letters become plain ones, a no-break space a space), and may
 * hold nothing that renders invisibly or reorders text: no control, format, private-use or
 * unassigned characters, no default-ignorable ones (zero-width spaces, soft hyphens, Hangul
 * fillers), no space other than U+0020. Emoji stay possible, with the joiner and the emoji
 * variation selector where an emoji sequence needs them.
 */
public final class VisibleNames {

  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
  private static final int ZERO_WIDTH_JOINER = 0x200D;
  private static final int EMOJI_PRESENTATION_SELECTOR = 0xFE0F;

  private VisibleNames() {}

  public static String normalise(String name) {
    return NFKC.normalize(name);
  }

  /** Whether the name begins or ends with a space (after {@link #normalise}). */
  public static boolean hasSurroundingSpace(String normalised) {
    return !normalised.equals(normalised.strip());
  }

  /** Whether any character of the (normalised) name would be invisible or reorder the text. */
  public static boolean hasInvisibleCharacters(String normalised) {
    int[] codePoints = normalised.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int cp = codePoints[i];
      int previous = i > 0 ? codePoints[i - 1] : -1;
      int next = i + 1 < codePoints.length ? codePoints[i + 1] : -1;
      if (cp == ZERO_WIDTH_JOINER) {
        if (!joinsEmoji(previous, next)) {
          return true;
        }
      } else if (cp == EMOJI_PRESENTATION_SELECTOR) {
        if (previous < 0 || !UCharacter.hasBinaryProperty(previous, UProperty.EMOJI)) {
          return true;
        }
      } else if (isInvisible(cp)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInvisible(int cp) {
    if (cp == ' ') {
      return false;
    }
    if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT) || UCharacter.isUWhiteSpace(cp)) {
      return true;
    }
    return switch (UCharacter.getType(cp)) {
      case UCharacterCategory.CONTROL,
          UCharacterCategory.FORMAT,
          UCharacterCategory.PRIVATE_USE,
          UCharacterCategory.UNASSIGNED,
          UCharacterCategory.SURROGATE,
          UCharacterCategory.LINE_SEPARATOR,
          UCharacterCategory.PARAGRAPH_SEPARATOR,
          UCharacterCategory.SPACE_SEPARATOR ->
        true;
      default -> false;
    };
  }

  /** A joiner between two parts of an emoji sequence (👨‍👩‍👧, 🏳️‍🌈), not between letters. */
  private static boolean joinsEmoji(int previous, int next) {
    boolean afterEmoji =
        previous >= 0
            && (UCharacter.hasBinaryProperty(previous, UProperty.EXTENDED_PICTOGRAPHIC)
                || UCharacter.hasBinaryProperty(previous, UProperty.EMOJI_MODIFIER)
                || previous == EMOJI_PRESENTATION_SELECTOR);
    return afterEmoji && next >= 0 && UCharacter.hasBinaryProperty(next, UProperty.EXTENDED_PICTOGRAPHIC);
  }
}
