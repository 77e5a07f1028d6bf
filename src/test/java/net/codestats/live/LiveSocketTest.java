package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.socket.ChannelTokens;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The live socket with a real WebSocket client: join rules, pushes, heartbeats, refusals. */
@IntegrationTest
class LiveSocketTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ChannelTokens tokens;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  private Instant pulse(UserWithMachine user, ZoneOffset offset, String json) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, offset));
    var response = http.postPulse(user.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + json + "}");
    assertThat(response.statusCode()).isEqualTo(201);
    return at;
  }

  @Test
  void frontpageJoinRepliesWithHistoryAndPushesPulsesWithCoordinates() {
    var coder = users.userWithMachine("livefront");
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      JsonNode reply = client.join("frontpage");
      assertThat(reply.get(2).asString()).isEqualTo("frontpage");
      assertThat(reply.get(4).get("status").asString()).isEqualTo("ok");
      assertThat(reply.get(4).get("response").get("xp_history").isArray()).isTrue();

      pulse(coder, ZoneOffset.ofHours(2), "[{\"language\":\"Elixir\",\"xp\":30},{\"language\":\"Java\",\"xp\":1000}]");
      JsonNode push = client.nextEvent("frontpage", "new_pulse");
      assertThat(push.get(0).isNull()).isTrue();
      assertThat(push.get(1).isNull()).isTrue();
      JsonNode payload = push.get(4);
      assertThat(payload.get("xps").toString())
          .isEqualTo("[{\"language\":\"Elixir\",\"amount\":30},{\"language\":\"Java\",\"amount\":1000}]");
      assertThat(payload.get("coords").get("lat").asDouble()).isEqualTo(60.2);
      assertThat(payload.get("coords").get("lon").asDouble()).isEqualTo(24.9);
    }
    // a new joiner's history holds the pulse's minute, the big entry capped at 400
    try (var later = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      JsonNode history = later.join("frontpage").get(4).get("response").get("xp_history");
      assertThat(history.size()).isPositive();
      JsonNode last = history.get(history.size() - 1);
      assertThat(last.get(0).get(0).size()).isEqualTo(3);
      assertThat(last.get(0).get(1).size()).isEqualTo(2);
      long total = history.valueStream().mapToLong(row -> row.get(1).asLong()).sum();
      assertThat(total).isGreaterThanOrEqualTo(430);
    }
  }

  @Test
  void privateUsersPulsesReachTheFrontpageWithoutCoordinates() {
    var hidden = users.userWithMachine("livehidden");
    accounts.setPrivateProfile(hidden.user().id(), true);
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join("frontpage");
      pulse(hidden, ZoneOffset.UTC, "[{\"language\":\"Secretlang\",\"xp\":7}]");
      JsonNode push =
          client.next(f -> "new_pulse".equals(f.get(3).asString())
              && f.get(4).get("xps").toString().contains("Secretlang"));
      assertThat(push.get(4).get("coords").isNull()).isTrue();

      // control: a public coder's pulse from the same address on the same socket has them
      var shown = users.userWithMachine("liveshown");
      pulse(shown, ZoneOffset.UTC, "[{\"language\":\"Openlang\",\"xp\":7}]");
      JsonNode open =
          client.next(f -> "new_pulse".equals(f.get(3).asString())
              && f.get(4).get("xps").toString().contains("Openlang"));
      assertThat(open.get(4).get("coords").isNull()).isFalse();
      assertThat(open.get(4).get("coords").get("lat").asDouble()).isEqualTo(60.2);
    }
  }

  @Test
  void publicProfileTopicPushesEachPulse() {
    var coder = users.userWithMachine("livepublic");
    String topic = "users:" + coder.user().username();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      JsonNode reply = client.join(topic);
      assertThat(reply.get(4).get("status").asString()).isEqualTo("ok");

      Instant at = pulse(coder, ZoneOffset.ofHours(3), "[{\"language\":\"Rust\",\"xp\":12}]");
      JsonNode payload = client.nextEvent(topic, "new_pulse").get(4);
      assertThat(payload.get("xps").toString()).isEqualTo("[{\"language\":\"Rust\",\"amount\":12}]");
      assertThat(payload.get("machine").asString()).isEqualTo("laptop");
      assertThat(Instant.parse(payload.get("sent_at").asString())).isEqualTo(at);
      assertThat(payload.get("sent_at").asString()).endsWith("Z");
      assertThat(payload.get("sent_at_local").asString())
          .isEqualTo(CODED_AT.format(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(3))))
          .endsWith("+03:00");
    }
  }

  @Test
  void privateProfileTopicOnlyForItsOwnersToken() {
    var owner = users.userWithMachine("liveowner");
    var other = users.user("liveother");
    accounts.setPrivateProfile(owner.user().id(), true);
    String topic = "users:" + owner.user().username();

    try (var anonymous = PhoenixTestClient.connect(port, "vsn=2.0.0");
        var stranger = PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + tokenOfLoggedIn(other));
        var self = PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + tokenOfLoggedIn(owner.user()))) {
      JsonNode refused = anonymous.join(topic).get(4);
      assertThat(refused.get("status").asString()).isEqualTo("error");
      assertThat(refused.get("response").toString()).isEqualTo("{\"reason\":\"Unauthorized.\"}");
      assertThat(stranger.join(topic).get(4).get("status").asString()).isEqualTo("error");
      assertThat(self.join(topic).get(4).get("status").asString()).isEqualTo("ok");

      pulse(owner, ZoneOffset.UTC, "[{\"language\":\"Go\",\"xp\":3}]");
      assertThat(self.nextEvent(topic, "new_pulse").get(4).get("xps").get(0).get("amount").asInt()).isEqualTo(3);
    }
  }

  @Test
  void unknownUsersAndTopicsAreRefused() {
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      JsonNode unknown = client.join("users:nobody-" + System.nanoTime()).get(4);
      assertThat(unknown.get("status").asString()).isEqualTo("error");
      assertThat(unknown.get("response").get("reason").asString()).isEqualTo("Unauthorized.");
      JsonNode unmatched = client.join("rooms:lobby").get(4);
      assertThat(unmatched.get("status").asString()).isEqualTo("error");
    }
  }

  /** A channel token as the profile page hands it out: bound to a logged-in session. */
  private String tokenOfLoggedIn(User user) {
    var web = new WebSession(port);
    web.login(user.username(), "correct horse battery");
    return tokens.mint(user.id(), web.sessionId());
  }

  @Test
  void heartbeatIsAnswered() {
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      String ref = client.push(null, "phoenix", "heartbeat", Map.of());
      JsonNode reply = client.replyTo(ref);
      assertThat(reply.toString())
          .isEqualTo("[null,\"" + ref + "\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    }
  }

  @Test
  void leavingStopsThePushes() throws Exception {
    var coder = users.userWithMachine("liveleave");
    String topic = "users:" + coder.user().username();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join(topic);
      String ref = client.push("1", topic, "phx_leave", Map.of());
      assertThat(client.replyTo(ref).get(4).get("status").asString()).isEqualTo("ok");
      pulse(coder, ZoneOffset.UTC, "[{\"language\":\"C\",\"xp\":1}]");
      // a heartbeat after the pulse: its reply comes after any push the pulse would have made
      Thread.sleep(1000);
      String beat = client.push(null, "phoenix", "heartbeat", Map.of());
      assertThat(client.framesBeforeReplyTo(beat)).noneMatch(f -> "new_pulse".equals(f.get(3).asString()));
      assertThat(client.frames).noneMatch(f -> f.contains("new_pulse"));

      // control: joined again, the same heartbeat check sees the push
      assertThat(client.join(topic).get(4).get("status").asString()).isEqualTo("ok");
      pulse(coder, ZoneOffset.UTC, "[{\"language\":\"C\",\"xp\":2}]");
      Thread.sleep(1000);
      String again = client.push(null, "phoenix", "heartbeat", Map.of());
      assertThat(client.framesBeforeReplyTo(again)).anyMatch(f -> "new_pulse".equals(f.get(3).asString()));
    }
  }

  @Test
  void foreignOriginsAreRefused() {
    assertThatThrownBy(() -> PhoenixTestClient.connect(port, "vsn=2.0.0", "https://evil.example"))
        .hasCauseInstanceOf(WebSocketHandshakeException.class);
    try (var sameOrigin = PhoenixTestClient.connect(port, "vsn=2.0.0", "http://localhost:" + port)) {
      assertThat(sameOrigin.join("frontpage").get(4).get("status").asString()).isEqualTo("ok");
    }
  }

  /** Tomcat's upgrade parses the URI strictly: a stray '%' in the query was a 500 at the handshake. */
  @Test
  void malformedQueryEscapesAreABadRequest() throws Exception {
    for (String query : new String[] {"vsn=%ZZ", "vsn=2.0.0&x=%", "vsn=2.0.0&token=%G1"}) {
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /live_update_socket/websocket?" + query + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: Y29kZXN0YXRzLWZhdWx0cw==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String statusLine = new java.io.BufferedReader(
            new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1))
            .readLine();
        assertThat(statusLine).as(query).startsWith("HTTP/1.1 400");
      }
    }
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0&x=%20")) {
      assertThat(client.join("frontpage").get(4).get("status").asString()).isEqualTo("ok");
    }
  }

  /** A reply echoing a lone surrogate could not be encoded: the socket was closed with 4500 (send failed). */
  @Test
  void loneSurrogatesInTopicsOrRefsAreBadData() throws Exception {
    for (String frame : new String[] {
      "[\"1\",\"1\",\"users:\\ud800\",\"phx_join\",{}]",
      "[\"1\",\"1\",\"users:a\\udc00b\",\"phx_join\",{}]",
      "[\"\\ud800\",\"1\",\"frontpage\",\"phx_join\",{}]",
      "[\"1\",\"x\\udbff\",\"phoenix\",\"heartbeat\",{}]"}) {
      try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
        client.sendRaw(frame);
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).as(frame).isEqualTo(1007);
      }
    }
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.sendRaw("[\"1\",\"\\ud83d\\ude00\",\"users:nobody-\\ud83d\\ude00\",\"phx_join\",{}]");
      assertThat(client.replyTo("\ud83d\ude00").get(4).get("response").get("reason").asString())
          .isEqualTo("Unauthorized.");
    }
  }

  @Test
  void malformedFramesCloseTheSocket() throws Exception {
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.sendRaw("this is not json");
      assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
    }
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.sendRaw("[1,2,3]");
      assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
    }
  }

  @Test
  void version1ClientsGetObjectFrames() {
    try (var client = PhoenixTestClient.connect(port, "vsn=1.0.0")) {
      client.sendRaw("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"7\"}");
      String reply;
      try {
        reply = client.frames.poll(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      assertThat(PhoenixTestClient.JSON.readTree(reply).toString())
          .isEqualTo(
              "{\"topic\":\"phoenix\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":\"7\"}");
    }
  }
}
