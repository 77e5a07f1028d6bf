package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rate limits as a client at another loopback address sees them (the test profile exempts
 * 127.0.0.1 so the other tests can log in freely, and trusts it as a reverse proxy). From an
 * untrusted address a spoofed X-Forwarded-For changes nothing. The application's clock stands
 * still during each test, so no bucket refills while a test empties it and the counts are exact.
 */
@IntegrationTest
class AuthRateLimitTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired TestClock clock;

  @BeforeEach
  void stopTheClock() {
    clock.freeze();
  }

  @AfterEach
  void restartTheClock() {
    clock.resume();
  }

  private WebSession from(String address) throws Exception {
    return new WebSession(port, InetAddress.getByName(address));
  }

  @Test
  void aStrangerGuessingFromAnotherAddressIsLimitedButDoesNotLockTheOwnerOut() throws Exception {
    String name = TestUsers.uniqueName("guessed");
    accounts.create(name, PASSWORD, null);
    // the owner's browser has logged in before, from the address the stranger will use too
    var ownersBrowser = from("127.0.0.20");
    assertThat(ownersBrowser.login(name, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
    ownersBrowser.forgetCookie("JSESSIONID");

    var stranger = from("127.0.0.20");
    for (int i = 0; i < AuthAttemptLimits.LOGIN_FAILURES_PER_CLIENT.capacity(); i++) {
      assertThat(stranger.login(name, "guess " + i).statusCode()).isEqualTo(302);
    }
    // positive control: the stranger is limited on this account, even with the right password
    var limited = stranger.login(name.toUpperCase(), PASSWORD);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(limited.body()).contains("Too many attempts – Code::Stats");

    // the owner's browser, with its device cookie, gets in at once
    long started = System.nanoTime();
    assertThat(ownersBrowser.login(name, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AuthAttemptLimits.SLOW_DOWN);

    // the owner on a new computer elsewhere is slowed down, not refused
    var newComputer = from("127.0.0.21");
    newComputer.page("/login");
    started = System.nanoTime();
    var slowed = newComputer.login(name, PASSWORD);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(AuthAttemptLimits.SLOW_DOWN);
    assertThat(slowed.headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
    assertThat(newComputer.get("/my/preferences").statusCode()).isEqualTo(200);

    // other accounts are not affected, not even slowed
    String other = TestUsers.uniqueName("unaffected");
    accounts.create(other, PASSWORD, null);
    var otherOwner = from("127.0.0.21");
    otherOwner.page("/login");
    started = System.nanoTime();
    assertThat(otherOwner.login(other, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AuthAttemptLimits.SLOW_DOWN);
  }

  @Test
  void aForgedOrForeignDeviceCookieDoesNotExemptFromTheAccountLimit() throws Exception {
    String victim = TestUsers.uniqueName("victim");
    accounts.create(victim, PASSWORD, null);
    String own = TestUsers.uniqueName("ownaccount");
    accounts.create(own, PASSWORD, null);
    // a stranger logs in to an account of their own, so their browser has a genuine device cookie
    var stranger = from("127.0.0.22");
    stranger.login(own, PASSWORD);
    stranger.forgetCookie("JSESSIONID");
    String genuine = stranger.cookie(LoginDevices.COOKIE).orElseThrow().getValue();
    String[] parts = genuine.split("\\.");
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString(victim.toLowerCase().getBytes()) + "." + parts[1] + "."
            + parts[2];

    for (int i = 0; i < AuthAttemptLimits.LOGIN_FAILURES_PER_CLIENT.capacity(); i++) {
      assertThat(stranger.login(victim, "guess " + i).statusCode()).isEqualTo(302);
    }
    assertThat(stranger.login(victim, "guess").statusCode()).as("the own account's cookie counts nothing here")
        .isEqualTo(429);
    var withForgery =
        stranger.send(
            HttpRequest.newBuilder(stranger.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", LoginDevices.COOKIE + "=" + forged)
                .POST(HttpRequest.BodyPublishers.ofString(
                    WebSession
                        .form(Map.of("_csrf", stranger.csrfToken("/login"), "username", victim, "password", "guess"))))
                .build());
    assertThat(withForgery.statusCode()).as("a forged cookie is the address's").isEqualTo(429);
  }

  @Test
  void loginsPerAddressAreLimitedAndXForwardedForIsNotTrusted() throws Exception {
    var web = from("127.0.0.2");
    String csrf = web.csrfToken("/login");
    int capacity = AuthAttemptLimits.LOGIN_PER_ADDRESS.capacity();
    // each attempt claims another forwarded address: were that trusted, none would be limited
    for (int i = 0; i < capacity; i++) {
      assertThat(loginAttempt(web, csrf, "203.0.113." + i)).as("attempt %d of %d", i + 1, capacity).isNotEqualTo(429);
    }
    assertThat(loginAttempt(web, csrf, "203.0.113." + capacity)).as("the attempt after the capacity").isEqualTo(429);
    // another address is still served
    assertThat(from("127.0.0.3").get("/login").statusCode()).isEqualTo(200);
  }

  private static int loginAttempt(WebSession web, String csrf, String forwardedFor) {
    return web.send(
        HttpRequest.newBuilder(web.uri("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", forwardedFor)
            .POST(HttpRequest.BodyPublishers.ofString(
                WebSession.form(
                    Map.of("_csrf", csrf, "username", TestUsers.uniqueName("nobody"), "password", "x".repeat(8)))))
            .build())
        .statusCode();
  }

  @Test
  void signupsPerAddressAreLimited() throws Exception {
    int status = 0;
    int accepted = 0;
    for (int i = 0; i <= AuthAttemptLimits.SIGNUP_PER_ADDRESS.capacity() && status != 429; i++) {
      var response =
          from("127.0.0.4").submit(
              "/signup",
              "#signup-form",
              Map.of("username", TestUsers.uniqueName("flood"), "password", "correct horse battery", "old_enough", "on",
                  "terms_read", "on"));
      status = response.statusCode();
      if (status == 302) {
        accepted++;
      }
    }
    assertThat(status).isEqualTo(429);
    assertThat(accepted).isEqualTo(AuthAttemptLimits.SIGNUP_PER_ADDRESS.capacity());
  }

  @Test
  void resetRequestsPerAccountAreLimited() throws Exception {
    String name = TestUsers.uniqueName("resetflood");
    accounts.create(name, "correct horse battery", name + "@example.com");
    var web = new WebSession(port);
    int status = 0;
    for (int i = 0; i <= AuthAttemptLimits.RESET_PER_ACCOUNT.capacity() && status != 429; i++) {
      status = web.submit("/forgot-password", "#forgot-form", Map.of("username", name)).statusCode();
    }
    assertThat(status).isEqualTo(429);
  }

  @Test
  void behindTheTrustedProxyTheForwardedAddressAndTlsCount() throws Exception {
    var proxy = new WebSession(port); // 127.0.0.1 is the trusted proxy in the test profile
    var overTls =
        proxy.send(
            HttpRequest.newBuilder(proxy.uri("/login"))
                .header("X-Forwarded-For", "198.51.100.7")
                .header("X-Forwarded-Proto", "https")
                .build());
    String cookies = String.join("\n", overTls.headers().allValues("Set-Cookie"));
    assertThat(cookies).contains("XSRF-TOKEN").containsIgnoringCase("; Secure");

    // the forwarded client is limited as itself (127.0.0.1 itself is exempt in tests)
    int status = 0;
    for (int i = 0; i <= AuthAttemptLimits.SIGNUP_PER_ADDRESS.capacity() && status != 429; i++) {
      var client = new WebSession(port);
      String csrf = client.csrfToken("/signup");
      status =
          client.send(
              HttpRequest.newBuilder(client.uri("/signup"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-Forwarded-For", "198.51.100.8")
                  .POST(HttpRequest.BodyPublishers.ofString(WebSession.form(Map.of("_csrf", csrf, "username", "a/b"))))
                  .build())
              .statusCode();
    }
    assertThat(status).isEqualTo(429);
    var other = new WebSession(port);
    String csrf = other.csrfToken("/signup");
    var otherClient =
        other.send(
            HttpRequest.newBuilder(other.uri("/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "198.51.100.9")
                .POST(HttpRequest.BodyPublishers.ofString(WebSession.form(Map.of("_csrf", csrf, "username", "a/b"))))
                .build());
    assertThat(otherClient.statusCode()).isEqualTo(400);
  }
}
