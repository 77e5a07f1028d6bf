package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import net.codestats.account.AccountChanged;
import net.codestats.account.AccountCreated;
import net.codestats.account.AccountDeleted;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguagesChanged;
import net.codestats.account.User;
import net.codestats.leaderboard.BoardWindow;
import net.codestats.leaderboard.Leaderboards;
import net.codestats.leaderboard.OwnRank;
import net.codestats.machine.MachineChanged;
import net.codestats.machine.Machines;
import net.codestats.pulse.LanguageAliasesChanged;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.transfer.PulsesImported;
import net.codestats.xp.AggregatesRebuilt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes committed on another node reach this node's caches through {@link ClusterEvents}:
 * for each kind, the entry is first shown stale after a change made in SQL without a message
 * (what another node's change looks like here without this), then retired by the message the
 * other node sends ({@code pg_notify} on another connection). A node ignores its own messages,
 * sends nothing back for what it re-publishes, and empties its caches after the listener
 * reconnects.
 */
@IntegrationTest
class ClusterChangesTest {

  /** Under the shortest expiry (account look-ups, 5 s): what is retired within it was retired by the message. */
  static final Duration BOUND = Duration.ofSeconds(3);
  static final String OTHER_NODE = "another-node";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired Leaderboards leaderboards;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired ClusterSignals signals;
  @Autowired ApplicationEventPublisher events;

  TestUsers users;
  Http http;

  @BeforeEach
  void setUp() {
    users = new TestUsers(accounts, machines);
    http = new Http(port);
    assertThat(eventually(Duration.ofSeconds(20), signals::listening)).isTrue();
  }

  // ---- helpers ----

  /** What the other node sends after its change committed. */
  void fromOtherNode(ClusterEvent event) {
    notify(ClusterEvents.encode(OTHER_NODE, event));
  }

  void notify(String message) {
    jdbc.sql("select pg_notify(?, ?)").params(ClusterEvents.CHANNEL, message).query(rs -> {});
  }

  static boolean eventually(Duration bound, BooleanSupplier done) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return done.getAsBoolean();
  }

  String profile(User user) {
    return http.get("/api/users/" + user.username()).body();
  }

  int profileStatus(User user) {
    return http.get("/api/users/" + user.username()).statusCode();
  }

  /** A user with 5 XP in Ada on their machine "laptop", their profile cached here. */
  UserWithMachine coderWithCachedProfile(String prefix) {
    var coder = users.userWithMachine(prefix);
    String codedAt = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
        .format(OffsetDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC));
    assertThat(
        http.postPulse(coder.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Ada\",\"xp\":5}]}")
            .statusCode())
        .isEqualTo(201);
    assertThat(profile(coder.user())).contains("\"total_xp\":5").contains("\"laptop\"").contains("\"Ada\"");
    return coder;
  }

  /** A second connection that listens like another node would. */
  static final class OtherNodeListener implements AutoCloseable {
    final Connection connection;
    final PGConnection pg;

    OtherNodeListener(DataSource dataSource) throws SQLException {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + ClusterEvents.CHANNEL);
      }
      pg = connection.unwrap(PGConnection.class);
    }

    /** The messages that arrive within {@code millis}. */
    List<JsonNode> receive(int millis) throws SQLException {
      List<JsonNode> received = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < deadline) {
        PGNotification[] notifications = pg.getNotifications(50);
        if (notifications != null) {
          for (PGNotification n : notifications) {
            received.add(JsonMapper.shared().readTree(n.getParameter()));
          }
        }
      }
      return received;
    }

    /** The first message of this kind from {@code node}, and when it arrived (nanoTime); null if none. */
    long[] awaitKind(String node, Class<?> kind, int millis) throws SQLException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < deadline) {
        PGNotification[] notifications = pg.getNotifications(10);
        long at = System.nanoTime();
        if (notifications != null) {
          for (PGNotification n : notifications) {
            JsonNode message = JsonMapper.shared().readTree(n.getParameter());
            if (node.equals(message.path("n").asString()) && kind.getName().equals(message.path("k").asString())) {
              return new long[] {at, message.path("e").path("userId").asLong()};
            }
          }
        }
      }
      return null;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  // ---- each kind of change ----

  @Test
  void profileTurnedPrivateElsewhereIsNotServedHere() {
    var coder = coderWithCachedProfile("clprivate");
    jdbc.sql("update users set private_profile = true where id = ?").param(coder.user().id()).update();
    // control: without a message this node still serves the cached public answer
    assertThat(profileStatus(coder.user())).isEqualTo(200);
    fromOtherNode(new AccountChanged(coder.user().id()));
    assertThat(eventually(BOUND, () -> profileStatus(coder.user()) == 404)).isTrue();
  }

  @Test
  void accountDisabledElsewhereIsNotServedHere() {
    var coder = coderWithCachedProfile("cldisabled");
    jdbc.sql("update users set disabled = true where id = ?").param(coder.user().id()).update();
    assertThat(profileStatus(coder.user())).isEqualTo(200);
    fromOtherNode(new AccountChanged(coder.user().id()));
    assertThat(eventually(BOUND, () -> profileStatus(coder.user()) == 404)).isTrue();
  }

  @Test
  void accountDeletedElsewhereIsNotServedHere() {
    var coder = coderWithCachedProfile("cldeleted");
    jdbc.sql("delete from users where id = ?").param(coder.user().id()).update();
    assertThat(profileStatus(coder.user())).isEqualTo(200);
    assertThat(machines.authenticate(coder.token())).isPresent();
    fromOtherNode(new AccountDeleted(coder.user().id(), coder.user().username()));
    for (var machine : List.of(coder.machineId())) {
      fromOtherNode(new MachineChanged(coder.user().id(), machine));
    }
    assertThat(eventually(BOUND, () -> profileStatus(coder.user()) == 404)).isTrue();
    assertThat(eventually(BOUND, () -> machines.authenticate(coder.token()).isEmpty())).isTrue();
  }

  @Test
  void accountCreatedElsewhereIsFoundHere() {
    String name = TestUsers.uniqueName("clcreated");
    assertThat(accounts.lookUp(name)).isEmpty();
    long id = jdbc.sql("insert into users (username) values (?) returning id").param(name).query(Long.class).single();
    // control: the name stays unknown here from memory
    assertThat(accounts.lookUp(name)).isEmpty();
    var created = new AccountCreated(accounts.findById(id).orElseThrow());
    // other nodes get no copy of the account (nor of its address): only what to forget
    assertThat(created.onOtherNodes()).isEqualTo(new AccountChanged(id));
    fromOtherNode(created.onOtherNodes());
    assertThat(eventually(BOUND, () -> accounts.lookUp(name).isPresent())).isTrue();
  }

  @Test
  void machineRenamedElsewhereShowsHere() {
    var coder = coderWithCachedProfile("clmachine");
    jdbc.sql("update machines set name = 'desk' where id = ?").param(coder.machineId()).update();
    assertThat(profile(coder.user())).contains("\"laptop\"");
    assertThat(machines.authenticate(coder.token()).orElseThrow().machineName()).isEqualTo("laptop");
    fromOtherNode(new MachineChanged(coder.user().id(), coder.machineId()));
    assertThat(eventually(BOUND, () -> profile(coder.user()).contains("\"desk\""))).isTrue();
    assertThat(machines.authenticate(coder.token()).orElseThrow().machineName()).isEqualTo("desk");
  }

  @Test
  void machineDeactivatedElsewhereRefusesItsTokenHere() {
    var coder = coderWithCachedProfile("clinactive");
    jdbc.sql("update machines set active = false where id = ?").param(coder.machineId()).update();
    assertThat(machines.authenticate(coder.token())).isPresent();
    fromOtherNode(new MachineChanged(coder.user().id(), coder.machineId()));
    assertThat(eventually(BOUND, () -> machines.authenticate(coder.token()).isEmpty())).isTrue();
  }

  @Test
  void languageHiddenElsewhereLeavesTheProfileHere() {
    var coder = coderWithCachedProfile("clhidden");
    long ada = languages.lookUp("Ada").orElseThrow().sentId();
    jdbc.sql("insert into hidden_languages (user_id, language_id) values (?, ?)")
        .params(coder.user().id(), ada)
        .update();
    assertThat(profile(coder.user())).contains("\"Ada\"");
    fromOtherNode(new HiddenLanguagesChanged(coder.user().id()));
    assertThat(eventually(BOUND, () -> !profile(coder.user()).contains("\"Ada\""))).isTrue();
  }

  @Test
  void correctionElsewhereRefreshesTheProfileAndItsOpenPagesHere() throws Exception {
    var coder = coderWithCachedProfile("clcorrected");
    String topic = "users:" + coder.user().username();
    jdbc.sql("update user_language_xp set xp = xp + 100 where user_id = ?").param(coder.user().id()).update();
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.join(topic);
      assertThat(profile(coder.user())).contains("\"total_xp\":5");
      // control: no refetch reaches the open page without the message
      Thread.sleep(500);
      assertThat(client.framesBeforeReplyTo(client.push(null, "phoenix", "heartbeat", Map.of())))
          .noneMatch(f -> "refetch".equals(f.get(3).asString()));
      fromOtherNode(new AggregatesRebuilt(coder.user().id()));
      client.nextEvent(topic, "refetch");
      assertThat(eventually(BOUND, () -> profile(coder.user()).contains("\"total_xp\":105"))).isTrue();
    }
  }

  @Test
  void importElsewhereRefreshesTheProfileHere() {
    var coder = coderWithCachedProfile("climported");
    jdbc.sql("update user_language_xp set xp = xp + 40 where user_id = ?").param(coder.user().id()).update();
    assertThat(profile(coder.user())).contains("\"total_xp\":5");
    fromOtherNode(new PulsesImported(coder.user().id()));
    assertThat(eventually(BOUND, () -> profile(coder.user()).contains("\"total_xp\":45"))).isTrue();
  }

  @Test
  void aliasMadeElsewhereCountsHere() {
    String alias = TestUsers.uniqueName("Clalias");
    String target = TestUsers.uniqueName("Cltarget");
    long aliasId = languages.resolve(alias).sentId();
    long targetId = languages.resolve(target).sentId();
    assertThat(languages.lookUp(alias).orElseThrow().countedId()).isEqualTo(aliasId);
    jdbc.sql("update languages set alias_of = ? where id = ?").params(targetId, aliasId).update();
    assertThat(languages.lookUp(alias).orElseThrow().countedId()).isEqualTo(aliasId);
    fromOtherNode(new LanguageAliasesChanged());
    assertThat(eventually(BOUND, () -> languages.lookUp(alias).orElseThrow().countedId() == targetId)).isTrue();
  }

  @Test
  void exclusionElsewhereTakesTheUserOffTheBoardsHere() {
    var coder = coderWithCachedProfile("clexcluded");
    leaderboards.refresh();
    long id = coder.user().id();
    assertThat(leaderboards.ownRank(id, BoardWindow.ALL, null).standing()).isEqualTo(OwnRank.Standing.RANKED);
    jdbc.sql("insert into leaderboard_exclusions (user_id, excluded_at) values (?, now())").param(id).update();
    assertThat(leaderboards.ownRank(id, BoardWindow.ALL, null).standing()).isEqualTo(OwnRank.Standing.RANKED);
    // as the other node writes it (the event is the leaderboard module's own)
    notify("{\"n\":\"" + OTHER_NODE + "\",\"k\":\"net.codestats.leaderboard.ExclusionsChanged\",\"e\":{\"userId\":" + id
        + "}}");
    // recounted once the boards are a few seconds old
    assertThat(eventually(Duration.ofSeconds(20),
        () -> leaderboards.ownRank(id, BoardWindow.ALL, null).standing() == OwnRank.Standing.EXCLUDED))
        .isTrue();
  }

  // ---- no echo, nothing on one node ----

  @Test
  void ownMessagesAreIgnored() {
    var coder = coderWithCachedProfile("clown");
    jdbc.sql("update users set private_profile = true where id = ?").param(coder.user().id()).update();
    notify(ClusterEvents.encode(signals.nodeId(), new AccountChanged(coder.user().id())));
    assertThat(eventually(Duration.ofMillis(1500), () -> profileStatus(coder.user()) == 404)).isFalse();
    // control: the same message from another node is acted on
    fromOtherNode(new AccountChanged(coder.user().id()));
    assertThat(eventually(BOUND, () -> profileStatus(coder.user()) == 404)).isTrue();
  }

  @Test
  void whatComesFromAnotherNodeIsNotSentBack() throws Exception {
    var coder = coderWithCachedProfile("clecho");
    try (var other = new OtherNodeListener(dataSource)) {
      jdbc.sql("update users set private_profile = true where id = ?").param(coder.user().id()).update();
      fromOtherNode(new AccountChanged(coder.user().id()));
      assertThat(eventually(BOUND, () -> profileStatus(coder.user()) == 404)).isTrue();
      List<JsonNode> seen = other.receive(1500);
      // only the other node's own message, nothing from this node
      assertThat(seen).allMatch(m -> OTHER_NODE.equals(m.path("n").asString())).isNotEmpty();

      // control: a change made on this node is sent, once committed
      accounts.setPrivateProfile(coder.user().id(), false);
      assertThat(other.awaitKind(signals.nodeId(), AccountChanged.class, 5000)).isNotNull();
    }
  }

  @Test
  void aBurstLeavesInFewStatementsAndArrivesWholeAndInOrder() throws Exception {
    try (var other = new OtherNodeListener(dataSource)) {
      long statementsBefore = signals.statementsSent();
      // more than one statement's worth, queued faster than one round trip each
      int burst = 3 * 100 + 7;
      for (int i = 0; i < burst; i++) {
        signals.send(ClusterEvents.CHANNEL, "{\"n\":\"burst\",\"i\":" + i + "}");
      }
      var received = new ArrayList<Integer>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received.size() < burst && System.nanoTime() < deadline) {
        other.receive(100).stream().filter(m -> "burst".equals(m.path("n").asString()))
            .forEach(m -> received.add(m.path("i").asInt()));
      }
      assertThat(received).hasSize(burst);
      assertThat(received).isSorted().doesNotHaveDuplicates();
      // positive control of the batching: far fewer statements than messages
      assertThat(signals.statementsSent() - statementsBefore).isBetween(1L, (long) burst / 10);
    }
  }

  @Test
  void oneNodeSendsAndListensToNothing() throws Exception {
    var single =
        new CodeStatsProperties(
            Path.of("data"), URI.create("http://localhost"), null,
            new CodeStatsProperties.EmbeddedDatabase(0, false), false,
            new CodeStatsProperties.Admin(List.of(), 5), false);
    var alone = new ClusterSignals(single, dataSource, jdbc, events, new SimpleMeterRegistry());
    alone.listen(ClusterEvents.CHANNEL, message -> {});
    alone.start();
    try (var other = new OtherNodeListener(dataSource)) {
      alone.send(ClusterEvents.CHANNEL, "{\"n\":\"alone\"}");
      assertThat(other.receive(1000)).noneMatch(m -> "alone".equals(m.path("n").asString()));
      assertThat(alone.isRunning()).isFalse();
      assertThat(alone.listening()).isFalse();
      // control: the cluster's signals send the same message
      signals.send(ClusterEvents.CHANNEL, "{\"n\":\"alone\"}");
      assertThat(other.receive(2000)).anyMatch(m -> "alone".equals(m.path("n").asString()));
    } finally {
      alone.stop();
    }
  }

  // ---- a lost connection ----

  @Test
  void afterTheListenerReconnectsNothingStaleIsServed() {
    var coder = coderWithCachedProfile("clreconnect");
    String name = coder.user().username();
    jdbc.sql("update machines set name = 'desk' where id = ?").param(coder.machineId()).update();
    jdbc.sql("update user_language_xp set xp = xp + 100 where user_id = ?").param(coder.user().id()).update();
    assertThat(profile(coder.user())).contains("\"laptop\"").contains("\"total_xp\":5");
    assertThat(machines.authenticate(coder.token()).orElseThrow().machineName()).isEqualTo("laptop");
    // a database restart, as the listener sees it: its connection ends, NOTIFY sent meanwhile is lost
    int ended = jdbc.sql(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity where query like 'LISTEN codestats%'"
            + " and pid <> pg_backend_pid()")
        .query(Integer.class)
        .single();
    assertThat(ended).isPositive();
    // the listener retries after 2 s; well before the profiles' 30 s expiry
    assertThat(eventually(Duration.ofSeconds(10), () -> profile(coder.user()).contains("\"total_xp\":105")))
        .as("profile of %s after the listener reconnected", name)
        .isTrue();
    assertThat(profile(coder.user())).contains("\"desk\"");
    assertThat(machines.authenticate(coder.token()).orElseThrow().machineName()).isEqualTo("desk");
    assertThat(eventually(Duration.ofSeconds(20), signals::listening)).isTrue();
  }
}
