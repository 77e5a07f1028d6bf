package net.codestats.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import net.codestats.system.CodeStatsProperties;

/**
 * The random tokens of mailed links (password resets, e-mail confirmations): 32 random bytes,
 * base64url in the link, only their SHA-256 stored, so a copy of the database opens nothing.
 */
final class LinkTokens {

  private static final int TOKEN_BYTES = 32;
  /** Longer than any token we make: refused before hashing. */
  static final int MAX_LENGTH = 100;

  private static final SecureRandom RANDOM = new SecureRandom();

  private LinkTokens() {}

  static String create() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    return sha256(token);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The absolute address of a link for a mail. */
  static String url(CodeStatsProperties properties, String path) {
    return properties.publicUrl().toString().replaceAll("/+$", "") + path;
  }

  static boolean plausible(String token) {
    return token != null && !token.isEmpty() && token.length() <= MAX_LENGTH;
  }
}
