package net.codestats.machine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import net.codestats.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * API tokens: {@code base64url(HMAC(server secret, machine id ‖ salt) ‖ machine id)}.
 *
 * <p>The salt is 128 random bits kept in the database; the server secret never is, so a copy
 * of the database alone cannot yield a token. Regenerating draws a new salt, which kills the
 * old token at once. No slow hash is needed (the token has far more entropy than a password):
 * the machine's valid token is derived once per cache load and compared in constant time.
 */
@Component
class MachineTokens {

  static final int SALT_BYTES = 16;
  private static final int MAC_BYTES = 24;
  private static final int TOKEN_BYTES = Long.BYTES + MAC_BYTES;
  private static final int TOKEN_CHARS = 43; // base64 of 32 bytes, without padding

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  MachineTokens(ServerSecret secret) {
    this.key = secret.keyFor("machine-token");
  }

  byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return salt;
  }

  String token(long machineId, byte[] salt) {
    byte[] token =
        ByteBuffer.allocate(TOKEN_BYTES).put(mac(machineId, salt)).putLong(machineId).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** The machine id a well-formed token names; says nothing yet about its validity. */
  OptionalLong machineId(String token) {
    byte[] bytes = decode(token);
    return bytes == null ? OptionalLong.empty() : OptionalLong.of(idOf(bytes));
  }

  /**
   * Whether a token sent is the machine's valid one, in time independent of where they
   * differ (like the MAC comparison it replaces, on the token derived from it).
   */
  static boolean sameToken(String sent, String valid) {
    if (sent.length() != valid.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < valid.length(); i++) {
      difference |= sent.charAt(i) ^ valid.charAt(i);
    }
    return difference == 0;
  }

  private static long idOf(byte[] token) {
    return ByteBuffer.wrap(token, MAC_BYTES, Long.BYTES).getLong();
  }

  private static byte[] decode(String token) {
    if (token == null || token.length() != TOKEN_CHARS) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] mac(long machineId, byte[] salt) {
    byte[] message = ByteBuffer.allocate(Long.BYTES + salt.length).putLong(machineId).put(salt).array();
    return Arrays.copyOf(ServerSecret.hmac(key.getEncoded(), message), MAC_BYTES);
  }

}
