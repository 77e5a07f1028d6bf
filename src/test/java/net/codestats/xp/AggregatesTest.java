package net.codestats.xp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The aggregates always equal a recomputation from the raw pulses. */
@IntegrationTest
class AggregatesTest {

  static final String[] OFFSETS = {"Z", "+05:30", "+0545", "-03:30", "+14:00", "-12:00", "+09:00", "-08:00", "+01:00"};
  static final String[] LANGUAGES = {"Java", "java", "JAVA", "Python", "Go", " Rust ", "", "Elixir", "TypeScript"};

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired Aggregates aggregates;
  @Autowired JdbcClient jdbc;

  record Sender(User user, long machineId, String token) {}

  @Test
  void stayInStepWithRawDataThroughARandomizedSequenceOfPulses() throws Exception {
    long seed = Long.getLong("aggregates.seed", System.nanoTime());
    var random = new Random(seed);
    var users = new TestUsers(accounts, machines);
    var http = new Http(port);
    String alias = TestUsers.uniqueName("ts");
    languages.makeAlias(alias, "TypeScript");

    var senders = new ArrayList<Sender>();
    var people = new ArrayList<User>();
    for (int u = 0; u < 3; u++) {
      User user = users.user("random");
      people.add(user);
      for (int m = 0; m < 3; m++) {
        var created = machines.create(user.id(), "machine " + m);
        senders.add(new Sender(user, created.machine().id(), created.token()));
      }
    }

    var bodies = new ArrayList<String>();
    var targets = new ArrayList<Sender>();
    for (int i = 0; i < 400; i++) {
      Sender sender = senders.get(random.nextInt(senders.size()));
      if (!bodies.isEmpty() && random.nextInt(10) == 0) { // a retry of an earlier pulse
        int earlier = random.nextInt(bodies.size());
        bodies.add(bodies.get(earlier));
        targets.add(targets.get(earlier));
        continue;
      }
      var codedAt =
          OffsetDateTime.now(ZoneOffset.of(OFFSETS[random.nextInt(OFFSETS.length)].replace("Z", "+00:00")))
              .minusSeconds(random.nextInt(6 * 24 * 3600))
              .truncatedTo(ChronoUnit.SECONDS);
      var xps = new StringBuilder("[");
      int entries = random.nextInt(4);
      for (int e = 0; e < entries; e++) {
        String language = random.nextInt(12) == 0 ? alias : LANGUAGES[random.nextInt(LANGUAGES.length)];
        xps.append(e == 0 ? "" : ",").append("{\"language\":\"").append(language).append("\",\"xp\":")
            .append(random.nextInt(500)).append('}');
      }
      bodies.add("{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "]}");
      targets.add(sender);
    }

    try (var pool = Executors.newFixedThreadPool(6)) {
      var results = new ArrayList<Future<String>>();
      for (int i = 0; i < bodies.size(); i++) {
        int index = i;
        results.add(
            pool.submit(
                () -> {
                  var response = http.postPulse(targets.get(index).token(), bodies.get(index));
                  return response.statusCode() + " " + response.body() + " for " + bodies.get(index);
                }));
        if (i == 200) { // change machines while pulses are in flight
          Sender toDeactivate = senders.get(random.nextInt(senders.size()));
          machines.setActive(toDeactivate.user().id(), toDeactivate.machineId(), false);
          Sender toDelete = senders.get(random.nextInt(senders.size()));
          machines.delete(toDelete.user().id(), toDelete.machineId());
        }
      }
      for (Future<String> result : results) {
        assertThat(result.get()).as("seed %d", seed).matches("(201|403) .*");
      }
    }

    for (User user : people) {
      assertThat(aggregates.drift(user.id())).as("drift of %s, seed %d", user.username(), seed).isZero();
      assertThat(totalFromAggregates(user.id())).as("seed %d", seed).isEqualTo(totalFromRaw(user.id()));
    }
  }

  @Test
  void driftFindsTamperingAndRebuildRepairsIt() {
    var users = new TestUsers(accounts, machines);
    var sender = users.userWithMachine("rebuild");
    var http = new Http(port);
    for (int i = 0; i < 5; i++) {
      String codedAt =
          OffsetDateTime.now(ZoneOffset.ofHours(i)).minusHours(i * 7).truncatedTo(ChronoUnit.SECONDS).toString();
      http.postPulse(sender.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Java\",\"xp\":"
          + (i + 1) + "},{\"language\":\"Go\",\"xp\":3}]}");
    }
    long userId = sender.user().id();
    var before = snapshot(userId);
    assertThat(aggregates.drift(userId)).isZero();

    jdbc.sql("update user_hour_xp set xp = xp + 1 where user_id = ?").param(userId).update();
    jdbc.sql("delete from user_machine_xp where user_id = ?").param(userId).update();
    jdbc.sql(
        "insert into user_day_language_xp (user_id, local_date, language_id, xp) select ?, date '2001-01-01', id, 9 from languages limit 1")
        .param(userId).update();
    assertThat(aggregates.drift(userId)).isGreaterThanOrEqualTo(3);

    aggregates.rebuild(userId);
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(snapshot(userId)).isEqualTo(before);
  }

  List<String> snapshot(long userId) {
    return jdbc.sql(
        """
            select 'l' || language_id || '=' || xp from user_language_xp where user_id = :u
            union all select 'm' || machine_id || '=' || xp from user_machine_xp where user_id = :u
            union all select 'd' || local_date || '/' || language_id || '=' || xp from user_day_language_xp where user_id = :u
            union all select 'h' || local_hour || '=' || xp from user_hour_xp where user_id = :u
            order by 1""")
        .param("u", userId)
        .query(String.class)
        .list();
  }

  long totalFromAggregates(long userId) {
    return jdbc.sql("select coalesce(sum(xp), 0) from user_language_xp where user_id = ?").param(userId)
        .query(Long.class).single();
  }

  long totalFromRaw(long userId) {
    return jdbc
        .sql("select coalesce(sum(x.amount), 0) from xps x join pulses p on p.id = x.pulse_id where p.user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }
}
