package net.codestats.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The 30,000 most common passwords of zxcvbn's list (from the leaked "10 million passwords"
 * set), shipped with the app as a gzip resource and loaded once, at the first password check.
 * The list is lower case; a password matches it in any case.
 */
final class CommonPasswords {

  static final String RESOURCE = "/account/common-passwords.txt.gz";

  private CommonPasswords() {}

  static boolean contains(String password) {
    return Loaded.SET.contains(password.toLowerCase(Locale.ROOT));
  }

  static int size() {
    return Loaded.SET.size();
  }

  /** Loaded on first use (the holder idiom: thread-safe without locks). */
  private static final class Loaded {
    static final Set<String> SET = load();

    private static Set<String> load() {
      var stream = CommonPasswords.class.getResourceAsStream(RESOURCE);
      if (stream == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      try (var lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(stream), StandardCharsets.UTF_8))) {
        Set<String> set = new HashSet<>(40_000);
        lines.lines().filter(line -> !line.isEmpty()).forEach(set::add);
        return Set.copyOf(set);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
