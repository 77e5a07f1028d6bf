package net.codestats.live;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import net.codestats.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring tokens that let a logged-in user follow their own private profile over the
 * live socket: {@code base64url(userId, expiry) . base64url(HMAC)}, valid 90 days.
 */
@Component
public class ChannelTokens {

  static final Duration VALIDITY = Duration.ofDays(90);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  ChannelTokens(ServerSecret secret, Clock clock) {
    this.key = secret.keyFor("channel-token");
    this.clock = clock;
  }

  /** A token for the user, valid for 90 days. */
  public String mint(long userId) {
    return mint(userId, clock.instant().plus(VALIDITY));
  }

  String mint(long userId, Instant expires) {
    byte[] payload = ByteBuffer.allocate(16).putLong(userId).putLong(expires.getEpochSecond()).array();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
  }

  /** The user the token was made for, if it is genuine and not expired. */
  public Optional<Long> verify(String token) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      byte[] payload = DECODER.decode(token.substring(0, dot));
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (payload.length != 16 || !MessageDigest.isEqual(sign(payload), signature)) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      long userId = buffer.getLong();
      Instant expires = Instant.ofEpochSecond(buffer.getLong());
      return expires.isAfter(clock.instant()) ? Optional.of(userId) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(byte[] payload) {
    return ServerSecret.hmac(key.getEncoded(), payload);
  }
}
