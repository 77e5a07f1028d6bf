package net.codestats.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channel token of a private profile's owner travels in the socket's URL: it ends with the
 * log-in it was handed out to (log-out, password change) and after minutes, and the page's
 * script can fetch a fresh one.
 */
@IntegrationTest
class ChannelTokenLifetimeTest {

  private static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ChannelTokens tokens;

  private record Owner(String name, WebSession web) {
    String topic() {
      return "users:" + name;
    }
  }

  private Owner loggedInOwnerOfAPrivateProfile() {
    var user = new TestUsers(accounts, machines).user("tokenlife");
    accounts.setPrivateProfile(user.id(), true);
    var web = new WebSession(port);
    web.login(user.username(), PASSWORD);
    return new Owner(user.username(), web);
  }

  private static String tokenOfThePage(Owner owner) {
    var meta = owner.web().page("/users/" + owner.name()).selectFirst("meta[name=channel_token]");
    assertThat(meta).isNotNull();
    return meta.attr("content");
  }

  private void assertFollows(String token, String topic) {
    try (var socket = PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + token)) {
      assertThat(socket.join(topic).get(4).get("status").asString()).isEqualTo("ok");
    }
  }

  private void assertRefused(String token) {
    assertThatThrownBy(() -> PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + token))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
  }

  @Test
  void aTokenFromBeforeLogOutIsRefusedAfterIt() {
    var owner = loggedInOwnerOfAPrivateProfile();
    String token = tokenOfThePage(owner);
    assertFollows(token, owner.topic());

    owner.web().submit("/my/preferences", "form[action=/logout]", Map.of());
    assertRefused(token);
  }

  @Test
  void aTokenFromBeforeAPasswordChangeIsRefused_aFreshOneWorks() {
    var owner = loggedInOwnerOfAPrivateProfile();
    String before = tokenOfThePage(owner);
    assertFollows(before, owner.topic());

    owner.web().submit("/my/preferences", "#password-form",
        Map.of("old_password", PASSWORD, "new_password", "a new password"));
    assertRefused(before);

    // the same (still logged-in) session gets a fresh one, from the page or for the script
    assertFollows(tokenOfThePage(owner), owner.topic());
    var web = owner.web();
    var fetched =
        web.send(HttpRequest.newBuilder(web.uri("/my/channel-token")).header("Accept", "application/json").build());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    assertFollows(JsonMapper.shared().readTree(fetched.body()).get("token").asString(), owner.topic());
  }

  @Test
  void tokensAreShortLivedAndNotHandedOutWithoutALogIn() {
    assertThat(ChannelTokens.VALIDITY).isLessThanOrEqualTo(Duration.ofMinutes(15));
    var anonymous = new WebSession(port).get("/my/channel-token");
    assertThat(anonymous.statusCode()).isEqualTo(302); // to the log-in, like every /my page
  }

  @Test
  void invalidOrExpiredTokenRefusesTheConnection() {
    var user = new TestUsers(accounts, machines).user("livetoken");
    var web = new WebSession(port);
    web.login(user.username(), PASSWORD);
    String forged = tokens.mint(user.id(), web.sessionId()).replace('.', 'x') + ".AAAA";
    String expired = tokens.mint(user.id(), web.sessionId(), Instant.now().minusSeconds(1));
    for (String token : new String[] {forged, expired, "garbage"}) {
      assertThatThrownBy(() -> PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + token))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(
              e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
    }
  }
}
