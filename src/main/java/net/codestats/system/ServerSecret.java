package net.codestats.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The server's master secret. It never enters the database, so what the database holds
 * (machine token salts, for one) is useless without it. Taken from {@code
 * codestats.secret-key}, or generated once into the data directory.
 */
@Component
public class ServerSecret {

  private static final Logger log = LoggerFactory.getLogger(ServerSecret.class);
  private static final int KEY_BYTES = 32;

  private final byte[] masterKey;

  ServerSecret(CodeStatsProperties properties) {
    this.masterKey =
        properties.secretKey() != null && !properties.secretKey().isBlank()
            ? decode(properties.secretKey())
            : loadOrCreate(properties.absoluteDataDir().resolve("secret.key"));
  }

  /** A key of its own for each purpose, so that no two features share key material. */
  public SecretKeySpec keyFor(String purpose) {
    return new SecretKeySpec(hmac(masterKey, purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
  }

  public static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] decode(String base64) {
    byte[] key = Base64.getDecoder().decode(base64.trim());
    if (key.length < KEY_BYTES) {
      throw new IllegalStateException("codestats.secret-key must be at least 32 bytes, base64-encoded");
    }
    return key;
  }

  private static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file));
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      log.info("Generated a new server secret in {}", file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the server secret " + file, e);
    }
  }
}
