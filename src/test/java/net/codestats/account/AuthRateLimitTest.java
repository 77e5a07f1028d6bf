package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rate limits as a client at another loopback address sees them (the test profile exempts
 * 127.0.0.1 so the other tests can log in freely, and trusts it as a reverse proxy). From an
 * untrusted address a spoofed X-Forwarded-For changes nothing.
 */
@IntegrationTest
class AuthRateLimitTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  private WebSession from(String address) throws Exception {
    return new WebSession(port, InetAddress.getByName(address));
  }

  @Test
  void failedLoginsPerAccountAreLimitedWithRetryAfter() throws Exception {
    String name = TestUsers.uniqueName("guessed");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port); // an exempt address: only the per-account limit applies
    for (int i = 0; i < AuthAttemptLimits.LOGIN_FAILURES_PER_ACCOUNT.capacity(); i++) {
      assertThat(web.login(name, "guess " + i).statusCode()).isEqualTo(302);
    }
    var limited = web.login(name.toUpperCase(), "correct horse battery");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(limited.body()).contains("Too many attempts – Code::Stats");
    // other accounts are not affected
    String other = TestUsers.uniqueName("unaffected");
    accounts.create(other, "correct horse battery", null);
    assertThat(web.login(other, "correct horse battery").headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
  }

  @Test
  void loginsPerAddressAreLimitedAndXForwardedForIsNotTrusted() throws Exception {
    var web = from("127.0.0.2");
    String csrf = web.csrfToken("/login");
    int status = 0;
    for (int i = 0; i <= AuthAttemptLimits.LOGIN_PER_ADDRESS.capacity() && status != 429; i++) {
      var response =
          web.send(
              HttpRequest.newBuilder(web.uri("/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-Forwarded-For", "203.0.113." + i)
                  .POST(HttpRequest.BodyPublishers.ofString(
                      WebSession.form(Map.of("_csrf", csrf, "username", TestUsers.uniqueName("nobody"), "password", "x".repeat(8)))))
                  .build());
      status = response.statusCode();
    }
    assertThat(status).isEqualTo(429);
    // another address is still served
    assertThat(from("127.0.0.3").get("/login").statusCode()).isEqualTo(200);
  }

  @Test
  void signupsPerAddressAreLimited() throws Exception {
    var web = from("127.0.0.4");
    int status = 0;
    int accepted = 0;
    for (int i = 0; i <= AuthAttemptLimits.SIGNUP_PER_ADDRESS.capacity() && status != 429; i++) {
      var response =
          web.submit(
              "/signup",
              "#signup-form",
              Map.of("username", TestUsers.uniqueName("flood"), "password", "correct horse battery", "old_enough", "on", "terms_read", "on"));
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
