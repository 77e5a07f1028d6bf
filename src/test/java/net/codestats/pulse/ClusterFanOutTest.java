package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.geo.Coords;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Pulses stored by another node arrive through PostgreSQL NOTIFY and reach this node's
 * subscribers; this node's own announcements are not pushed twice.
 */
@IntegrationTest
class ClusterFanOutTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired JdbcClient jdbc;
  @Autowired ClusterFanOut cluster;

  TestUsers users;

  @BeforeEach
  void setUp() throws InterruptedException {
    users = new TestUsers(accounts, machines);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cluster.listening() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cluster.listening()).isTrue();
  }

  private void announceFromAnotherNode(long userId, String machine, Instant at, double[] coords) {
    // as the other node saw it: public, so it sends the coordinates
    var pulse =
        new PulseStored(
            PulseStored.Origin.THIS_NODE,
            userId,
            false,
            7,
            machine,
            at,
            120,
            List.of(new PulseStored.LanguageXp("Haskell", 17)),
            coords == null ? null : new Coords(coords[0], coords[1]));
    jdbc.sql("select pg_notify(?, ?)")
        .params(ClusterFanOut.CHANNEL, ClusterFanOut.encode("another-node", pulse))
        .query(rs -> {});
  }

  @Test
  void pulsesFromOtherNodesReachLocalSubscribers() {
    var coder = users.user("clusterpublic");
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join("users:" + coder.username());
      client.join("frontpage");
      announceFromAnotherNode(coder.id(), "remote box", at, new double[] {-33.9, 151.2});

      // the front page is pushed first, then the profile, in one queue per socket
      JsonNode front =
          client.next(f -> "new_pulse".equals(f.get(3).asString()) && "frontpage".equals(f.get(2).asString())
              && f.get(4).get("xps").toString().contains("Haskell")).get(4);
      JsonNode profile = client.nextEvent("users:" + coder.username(), "new_pulse").get(4);
      assertThat(profile.get("machine").asString()).isEqualTo("remote box");
      assertThat(profile.get("sent_at").asString()).isEqualTo("2026-11-28T10:00:00Z");
      assertThat(profile.get("sent_at_local").asString()).isEqualTo("2026-11-28T12:00:00+02:00");
      assertThat(profile.get("xps").toString()).isEqualTo("[{\"language\":\"Haskell\",\"amount\":17}]");
      assertThat(front.get("coords").toString()).isEqualTo("{\"lat\":-33.9,\"lon\":151.2}");
    }
  }

  @Test
  void pulsesFromOtherNodesRefreshCachedProfiles() throws Exception {
    var coder = users.userWithMachine("clustercache");
    var http = new Http(port);
    String codedAt = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
        .format(OffsetDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC));
    http.postPulse(coder.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Ada\",\"xp\":5}]}");
    assertThat(http.get("/api/users/" + coder.user().username()).body()).contains("\"total_xp\":5");
    // another node stores XP directly in the shared database and announces it
    jdbc.sql("update user_language_xp set xp = xp + 100 where user_id = ?").param(coder.user().id()).update();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join("users:" + coder.user().username());
      announceFromAnotherNode(coder.user().id(), "remote box", Instant.now(), null);
      client.nextEvent("users:" + coder.user().username(), "new_pulse");
    }
    assertThat(http.get("/api/users/" + coder.user().username()).body()).contains("\"total_xp\":105");
    jdbc.sql("update user_language_xp set xp = xp - 100 where user_id = ?").param(coder.user().id()).update();
  }

  @Test
  void privateUsersNeverGetCoordinatesEvenFromOtherNodes() {
    var hidden = users.user("clusterprivate");
    accounts.setPrivateProfile(hidden.id(), true);
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join("frontpage");
      announceFromAnotherNode(hidden.id(), "remote box", Instant.now(), new double[] {1.0, 2.0});
      JsonNode front = client.next(f -> "new_pulse".equals(f.get(3).asString())
          && f.get(4).get("xps").toString().contains("Haskell")).get(4);
      assertThat(front.get("coords").isNull()).isTrue();

      // control: a public coder's announcement with coordinates keeps them on the same socket
      var shown = users.user("clustershown");
      announceFromAnotherNode(shown.id(), "remote box", Instant.now(), new double[] {1.0, 2.0});
      JsonNode open = client.next(f -> "new_pulse".equals(f.get(3).asString())
          && f.get(4).get("xps").toString().contains("Haskell")).get(4);
      assertThat(open.get("coords").toString()).isEqualTo("{\"lat\":1.0,\"lon\":2.0}");
    }
  }

  @Test
  void messagesOfNodesOnThePreviousVersionStillArrive() {
    var coder = users.user("clusterolder");
    // as the previous version wrote it: no machine id
    String message =
        "{\"n\":\"older-node\",\"u\":" + coder.id() + ",\"m\":\"old box\",\"t\":\"2026-11-28T10:00:00Z\","
            + "\"o\":0,\"x\":[[\"COBOL\",9]],\"c\":[1.5,2.5]}";
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join("users:" + coder.username());
      client.join("frontpage");
      jdbc.sql("select pg_notify(?, ?)").params(ClusterFanOut.CHANNEL, message).query(rs -> {});
      JsonNode front = client.next(f -> "frontpage".equals(f.get(2).asString())
          && f.get(4).get("xps").toString().contains("COBOL")).get(4);
      assertThat(front.get("coords").toString()).isEqualTo("{\"lat\":1.5,\"lon\":2.5}");
      assertThat(client.nextEvent("users:" + coder.username(), "new_pulse").get(4).get("machine").asString())
          .isEqualTo("old box");
    }
  }

  @Test
  void ownAnnouncementsAreNotPushedTwice() throws Exception {
    var coder = users.userWithMachine("clusterself");
    String topic = "users:" + coder.user().username();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join(topic);
      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
      String codedAt =
          DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      new Http(port).postPulse(coder.token(),
          "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Ada\",\"xp\":2}]}");
      client.nextEvent(topic, "new_pulse");
      Thread.sleep(1500);
      var beforeBeat = client.framesBeforeReplyTo(client.push(null, "phoenix", "heartbeat", Map.of()));
      assertThat(beforeBeat).noneMatch(f -> "new_pulse".equals(f.get(3).asString()));
      assertThat(client.frames).noneMatch(f -> f.contains("new_pulse"));

      // control: another node's announcement for the same user is seen by the same check
      announceFromAnotherNode(coder.user().id(), "remote box", Instant.now(), null);
      Thread.sleep(1500);
      var afterRemote = client.framesBeforeReplyTo(client.push(null, "phoenix", "heartbeat", Map.of()));
      assertThat(afterRemote).anyMatch(f -> "new_pulse".equals(f.get(3).asString()));
    }
  }
}
