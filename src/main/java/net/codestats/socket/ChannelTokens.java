package net.codestats.socket;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import net.codestats.account.SessionCredentials;
import net.codestats.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * Signed, short-lived tokens that let a logged-in user follow their own private profile over
 * the live socket: {@code base64url(userId, expiry, credentials generation, session hash) .
 * base64url(HMAC)}. A token travels in the socket's URL, so it is worth little: valid for
 * {@link #VALIDITY} and only while the browser session it was made for is logged in and the
 * password has not changed since ({@link SessionCredentials}). The profile page hands out a
 * fresh one each time, and its script fetches another from {@code /my/channel-token} to
 * reconnect.
 */
@Component
public class ChannelTokens {

  static final Duration VALIDITY = Duration.ofMinutes(10);
  private static final int PAYLOAD_BYTES = 3 * Long.BYTES + SessionCredentials.SESSION_HASH_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SessionCredentials credentials;
  private final Clock clock;

  ChannelTokens(ServerSecret secret, SessionCredentials credentials, Clock clock) {
    this.key = secret.keyFor("channel-token");
    this.credentials = credentials;
    this.clock = clock;
  }

  /** A token for the user, bound to their logged-in session {@code sessionId}. */
  public String mint(long userId, String sessionId) {
    return mint(userId, sessionId, clock.instant().plus(VALIDITY));
  }

  String mint(long userId, String sessionId, Instant expires) {
    var binding = credentials.bind(userId, sessionId);
    byte[] payload =
        ByteBuffer.allocate(PAYLOAD_BYTES)
            .putLong(userId)
            .putLong(expires.getEpochSecond())
            .putLong(binding.generation())
            .put(binding.session())
            .array();
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
  }

  /**
   * The user the token was made for, if it is genuine, not expired, and its session and
   * credentials are still those of that user.
   */
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
      if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(sign(payload), signature)) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.wrap(payload);
      long userId = buffer.getLong();
      Instant expires = Instant.ofEpochSecond(buffer.getLong());
      long generation = buffer.getLong();
      byte[] session = new byte[SessionCredentials.SESSION_HASH_BYTES];
      buffer.get(session);
      if (!expires.isAfter(clock.instant())
          || !credentials.stillValid(userId, new SessionCredentials.Binding(generation, session))) {
        return Optional.empty();
      }
      return Optional.of(userId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(byte[] payload) {
    return ServerSecret.hmac(key.getEncoded(), payload);
  }
}
