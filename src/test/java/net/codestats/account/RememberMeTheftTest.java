package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A copied remember-me cookie, used by a thief and then by its owner: two cookie jars. */
@IntegrationTest
class RememberMeTheftTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void replayingARotatedCookieEndsEverySessionAndShowsTheLogInPage() {
    String name = TestUsers.uniqueName("stolen");
    accounts.create(name, PASSWORD, null);
    var owner = new WebSession(port);
    owner.submit("/login", "#login-form", Map.of("username", name, "password", PASSWORD, "remember-me", "on"));
    String copied = owner.cookie("remember-me").orElseThrow().getValue();
    var ownersOtherBrowser = new WebSession(port);
    ownersOtherBrowser.login(name, PASSWORD);

    // the thief uses the copy first: the token rotates, the thief has a session
    var thief = new WebSession(port);
    assertThat(withRememberMe(thief, "/my/preferences", copied).statusCode()).isEqualTo(200);
    assertThat(thief.get("/my/preferences").statusCode()).as("positive control: the thief is in").isEqualTo(200);
    String thiefsRotated = thief.cookie("remember-me").orElseThrow().getValue();
    assertThat(thiefsRotated).isNotEqualTo(copied);

    // the owner's browser comes back with the old token: theft, not a server error
    owner.forgetCookie("JSESSIONID");
    var detected = owner.get("/my/preferences");
    assertThat(detected.statusCode()).isEqualTo(302);
    assertThat(detected.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(owner.page("/login").select(".flash-error").text())
        .contains("every session of your account has been logged out");
    assertThat(owner.cookie("remember-me")).as("the cookie is cleared").isEmpty();

    // every session and every remembered log-in of the user has ended
    assertThat(thief.get("/my/preferences").statusCode()).isEqualTo(302);
    thief.forgetCookie("JSESSIONID");
    assertThat(withRememberMe(new WebSession(port), "/my/preferences", thiefsRotated).statusCode()).isEqualTo(302);
    assertThat(ownersOtherBrowser.get("/my/preferences").statusCode()).isEqualTo(302);

    // and the owner logs in again as usual
    assertThat(owner.login(name, PASSWORD).headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
  }

  private static HttpResponse<String> withRememberMe(WebSession web, String path, String cookie) {
    return web.send(HttpRequest.newBuilder(web.uri(path)).header("Cookie", "remember-me=" + cookie).build());
  }
}
