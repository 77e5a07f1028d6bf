package net.codestats.account;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import net.codestats.system.ServerSecret;
import org.springframework.stereotype.Component;

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that has logged in to an account gets a cookie naming the account and a random nonce,
 * signed with a server key. Presented again at the log-in of that account, it marks the
 * browser as one the owner used: such a browser is not slowed down when strangers guess the
 * account's password, and its failures count against the cookie, not its address. One cookie
 * per browser, for the account logged in to last; only sent to {@code /login}.
 */
@Component
class LoginDevices {

  static final String COOKIE = "login-device";
  static final Duration VALID_FOR = Duration.ofDays(365);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final SecureRandom random = new SecureRandom();

  LoginDevices(ServerSecret secret) {
    this.key = secret.keyFor("login-device").getEncoded();
  }

  /** Gives the browser a fresh device cookie for {@code username} (after a log-in). */
  void issue(String username, HttpServletRequest request, HttpServletResponse response) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String payload = ENCODER.encodeToString(AuthAttemptLimits.accountKey(username).getBytes(StandardCharsets.UTF_8))
        + "." + ENCODER.encodeToString(nonce);
    var cookie = new Cookie(COOKIE, payload + "." + ENCODER.encodeToString(sign(payload)));
    cookie.setPath("/login");
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    cookie.setMaxAge((int) VALID_FOR.toSeconds());
    response.addCookie(cookie);
  }

  /**
   * The nonce of the request's device cookie when it is genuine and names {@code account}
   * (as {@link AuthAttemptLimits#accountKey} spells it); empty otherwise.
   */
  Optional<String> device(HttpServletRequest request, String account) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        var nonce = verify(cookie.getValue(), account);
        if (nonce.isPresent()) {
          return nonce;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> verify(String value, String account) {
    String[] parts = value == null ? new String[0] : value.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      String payload = parts[0] + "." + parts[1];
      if (!MessageDigest.isEqual(sign(payload), DECODER.decode(parts[2]))) {
        return Optional.empty();
      }
      String named = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
      return named.equals(account) ? Optional.of(parts[1]) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not base64: not ours
    }
  }

  private byte[] sign(String payload) {
    return ServerSecret.hmac(key, payload.getBytes(StandardCharsets.UTF_8));
  }
}
