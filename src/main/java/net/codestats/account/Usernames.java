package net.codestats.account;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import net.codestats.system.VisibleNames;

/**
 * The one rule for usernames. A name is stored in its NFKC form; it must be visible (see
 * {@link VisibleNames}), 1–64 characters, without the characters that URLs and the original
 * site's paths give a meaning, and not dots alone ({@code .} and {@code ..} cannot be
 * profile paths). Two names whose confusable skeletons (Unicode TR39, ICU's SpoofChecker)
 * are equal look alike: the second is refused by a unique index on the skeleton.
 */
final class Usernames {

  static final String FORBIDDEN_CHARS = "/#%?&=+";
  private static final SpoofChecker SPOOF_CHECKER = new SpoofChecker.Builder().build();
  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

  private Usernames() {}

  /** The name as it is stored, or an {@link AccountException} saying what is wrong with it. */
  static String valid(String username) {
    if (username == null || username.isEmpty()) {
      throw new AccountException("Username is required.");
    }
    if (username.length() > 4 * Accounts.MAX_USERNAME_LENGTH) {
      throw tooLong();
    }
    String name = VisibleNames.normalise(username);
    if (VisibleNames.hasInvisibleCharacters(name)) {
      throw new AccountException(
          "Username must not contain invisible, formatting or control characters (such as zero-width spaces, soft hyphens or direction marks).");
    }
    if (VisibleNames.hasSurroundingSpace(name)) {
      throw new AccountException("Username must not begin or end with a space.");
    }
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > Accounts.MAX_USERNAME_LENGTH) {
      throw tooLong();
    }
    if (name.chars().anyMatch(c -> FORBIDDEN_CHARS.indexOf(c) >= 0)) {
      throw new AccountException("Username must not contain any of " + FORBIDDEN_CHARS);
    }
    if (name.chars().allMatch(c -> c == '.')) {
      throw new AccountException("Username must contain something other than dots.");
    }
    return name;
  }

  /**
   * Whether a name to look up can match no account, so no query is needed: empty, longer than
   * any name however it is written, or with a NUL (PostgreSQL text cannot hold one).
   */
  static boolean cannotExist(String lookedUp) {
    return lookedUp == null
        || lookedUp.isEmpty()
        || lookedUp.length() > 4 * Accounts.MAX_USERNAME_LENGTH
        || lookedUp.indexOf('\u0000') >= 0;
  }

  /**
   * What the name looks like, ignoring case: names with equal skeletons are confusable
   * ("paypal", "pаypal" with a Cyrillic а, "PAYPAl"). Case is folded between two skeleton
   * passes, so that both "I" against "l" and "A" against "a" count.
   */
  static String skeleton(String name) {
    return SPOOF_CHECKER.getSkeleton(NFKC_CASEFOLD.normalize(SPOOF_CHECKER.getSkeleton(name)));
  }

  private static AccountException tooLong() {
    return new AccountException("Username must be 1–" + Accounts.MAX_USERNAME_LENGTH + " characters long.");
  }
}
