package net.codestats.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.xp.Aggregates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class MachinesTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Aggregates aggregates;
  @Autowired JdbcClient jdbc;

  TestUsers users;
  Http http;
  User owner;

  @BeforeEach
  void setUp() {
    users = new TestUsers(accounts, machines);
    http = new Http(port);
    owner = users.user("owner");
  }

  void pulse(String token, String language, int xp, int minutesAgo) {
    String codedAt =
        OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(minutesAgo).truncatedTo(ChronoUnit.SECONDS).toString();
    var response = http.postPulse(token,
        "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + language + "\",\"xp\":" + xp + "}]}");
    assertThat(response.statusCode()).isEqualTo(201);
  }

  long languageXp(long userId, String language) {
    return jdbc.sql(
        """
            select coalesce(sum(a.xp), 0) from user_language_xp a join languages l on l.id = a.language_id
            where a.user_id = ? and l.name = ?""")
        .params(userId, language)
        .query(Long.class)
        .single();
  }

  @Test
  void aNewMachineHasAWorkingTokenWithAtLeast128RandomBits() {
    var created = machines.create(owner.id(), "Laptop");
    assertThat(created.machine().name()).isEqualTo("Laptop");
    assertThat(created.machine().active()).isTrue();
    assertThat(created.token()).matches("[A-Za-z0-9_-]{43}");
    assertThat(machines.authenticate(created.token()))
        .hasValueSatisfying(m -> {
          assertThat(m.machineId()).isEqualTo(created.machine().id());
          assertThat(m.userId()).isEqualTo(owner.id());
        });
    assertThat(machines.token(owner.id(), created.machine().id())).isEqualTo(created.token());
    byte[] salt = jdbc.sql("select token_salt from machines where id = ?").param(created.machine().id())
        .query(byte[].class).single();
    assertThat(salt).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void tokensAreNotInTheDatabase() {
    var created = machines.create(owner.id(), "Laptop");
    String everything =
        jdbc.sql("select row_to_json(m)::text from machines m where id = ?").param(created.machine().id())
            .query(String.class).single();
    String saltHex =
        jdbc.sql("select encode(token_salt, 'base64') from machines where id = ?").param(created.machine().id())
            .query(String.class).single();
    // control: the row as read is the whole machine, with its name and salt in it
    assertThat(everything).contains("Laptop").contains("token_salt");
    assertThat(everything).doesNotContain(created.token());
    assertThat(created.token()).doesNotContain(saltHex.replace("=", ""));
  }

  @Test
  void tokensAreUniqueAcrossMachines() {
    var tokens = new HashSet<String>();
    for (int i = 0; i < 20; i++) {
      tokens.add(machines.create(owner.id(), "M" + i).token());
    }
    assertThat(tokens).hasSize(20);
  }

  @Test
  void renamingKeepsTheToken() {
    var created = machines.create(owner.id(), "Old name");
    Machine renamed = machines.rename(owner.id(), created.machine().id(), "  New name ");
    assertThat(renamed.name()).isEqualTo("New name");
    assertThat(machines.token(owner.id(), created.machine().id())).isEqualTo(created.token());
    assertThat(machines.authenticate(created.token()))
        .hasValueSatisfying(m -> assertThat(m.machineName()).isEqualTo("New name"));
  }

  @Test
  void namesAre1To64CharactersAndUniquePerUserIgnoringCase() {
    machines.create(owner.id(), "Laptop");
    assertThatThrownBy(() -> machines.create(owner.id(), "laptop")).isInstanceOf(MachineException.class)
        .hasMessageContaining("already");
    assertThatThrownBy(() -> machines.create(owner.id(), "")).isInstanceOf(MachineException.class);
    assertThatThrownBy(() -> machines.create(owner.id(), "   ")).isInstanceOf(MachineException.class);
    assertThatThrownBy(() -> machines.create(owner.id(), "x".repeat(65))).isInstanceOf(MachineException.class);
    assertThatThrownBy(() -> machines.create(owner.id(), "tab\there")).isInstanceOf(MachineException.class);
    assertThat(machines.create(owner.id(), "🦀".repeat(64)).machine().name()).hasSize(128);
    var other = machines.create(owner.id(), "Desktop");
    assertThatThrownBy(() -> machines.rename(owner.id(), other.machine().id(), "LAPTOP"))
        .isInstanceOf(MachineException.class);
    // another user may use the same name
    User someoneElse = users.user("other");
    assertThat(machines.create(someoneElse.id(), "Laptop").machine().name()).isEqualTo("Laptop");
  }

  @Test
  void regeneratingKillsTheOldTokenAtOnce() {
    var created = machines.create(owner.id(), "Laptop");
    assertThat(machines.authenticate(created.token())).isPresent(); // now cached
    String fresh = machines.regenerateToken(owner.id(), created.machine().id());
    assertThat(fresh).isNotEqualTo(created.token());
    assertThat(machines.authenticate(created.token())).isEmpty();
    assertThat(machines.authenticate(fresh)).isPresent();
    assertThat(machines.token(owner.id(), created.machine().id())).isEqualTo(fresh);
  }

  @Test
  void deactivatedMachinesAreRefusedButKeepTheirXp() {
    var created = machines.create(owner.id(), "Laptop");
    pulse(created.token(), "Java", 40, 5);
    machines.setActive(owner.id(), created.machine().id(), false);
    assertThat(machines.authenticate(created.token())).isEmpty();
    assertThat(machines.find(owner.id(), created.machine().id()))
        .hasValueSatisfying(m -> assertThat(m.active()).isFalse());
    assertThat(languageXp(owner.id(), "Java")).isEqualTo(40);
    machines.setActive(owner.id(), created.machine().id(), true);
    assertThat(machines.authenticate(created.token())).isPresent();
  }

  @Test
  void deletingRemovesTheMachinesXpAndRebuildsTheStats() {
    var laptop = machines.create(owner.id(), "Laptop");
    var desktop = machines.create(owner.id(), "Desktop");
    pulse(laptop.token(), "Java", 40, 5);
    pulse(desktop.token(), "Java", 2, 4);
    pulse(desktop.token(), "Go", 7, 3);

    machines.delete(owner.id(), desktop.machine().id());

    assertThat(machines.find(owner.id(), desktop.machine().id())).isEmpty();
    assertThat(machines.authenticate(desktop.token())).isEmpty();
    assertThat(languageXp(owner.id(), "Java")).isEqualTo(40);
    assertThat(languageXp(owner.id(), "Go")).isZero();
    assertThat(jdbc.sql("select count(*) from pulses where machine_id = ?").param(desktop.machine().id())
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from pulses where machine_id = ?").param(laptop.machine().id())
        .query(Long.class).single())
        .as("control: the kept machine's pulses are counted by the same query").isPositive();
    assertThat(jdbc.sql("select coalesce(sum(amount), 0) from xps where user_id = ?").param(owner.id())
        .query(Long.class).single()).isEqualTo(40);
    assertThat(aggregates.drift(owner.id())).isZero();
  }

  @Test
  void listsActiveMachinesFirstThenNewestFirst() {
    var first = machines.create(owner.id(), "First");
    var second = machines.create(owner.id(), "Second");
    var third = machines.create(owner.id(), "Third");
    machines.setActive(owner.id(), third.machine().id(), false);
    assertThat(machines.list(owner.id())).extracting(Machine::name).containsExactly("Second", "First", "Third");
    assertThat(first.machine().createdAt()).isNotNull();
  }

  @Test
  void anotherUsersMachineIsNotFound() {
    var mine = machines.create(owner.id(), "Laptop");
    User intruder = users.user("intruder");
    long id = mine.machine().id();
    assertThat(machines.find(intruder.id(), id)).isEmpty();
    assertNotFound(() -> machines.rename(intruder.id(), id, "Mine now"));
    assertNotFound(() -> machines.regenerateToken(intruder.id(), id));
    assertNotFound(() -> machines.setActive(intruder.id(), id, false));
    assertNotFound(() -> machines.delete(intruder.id(), id));
    assertNotFound(() -> machines.token(intruder.id(), id));
    assertThat(machines.authenticate(mine.token())).isPresent();
    assertThat(machines.find(owner.id(), id)).hasValueSatisfying(m -> assertThat(m.name()).isEqualTo("Laptop"));
  }

  static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(MachineException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
