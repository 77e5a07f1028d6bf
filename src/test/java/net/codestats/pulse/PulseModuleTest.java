package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.codestats.account.CurrentTerms;
import net.codestats.machine.MachineXpTotals;
import net.codestats.machine.Machines;
import net.codestats.machine.PluginSetups;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pulse module on its own (with the machines and the shared kernel it uses, and the
 * embedded database): what {@link PulseWriter} writes, {@link Pulses} reads and deletes, and
 * both announce what changed in the writing transaction. The aggregates are not here.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = {"database", "mail"},
    webEnvironment = WebEnvironment.NONE)
@ActiveProfiles("test")
// the GraphQL schema belongs to the profiles, which this slice leaves out
@TestPropertySource(
    properties = "spring.autoconfigure.exclude=org.springframework.boot.graphql.autoconfigure.GraphQlAutoConfiguration")
class PulseModuleTest {

  // provided by the modules that depend on pulse and machine, which this slice leaves out
  @MockitoBean PublicXp publicXp;
  @MockitoBean CurrentTerms currentTerms;
  @MockitoBean MachineXpTotals machineXpTotals;
  @MockitoBean PluginSetups pluginSetups;

  @Autowired PulseWriter writer;
  @Autowired Pulses pulses;
  @Autowired Languages languages;
  @Autowired Machines machines;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  /** A user row written directly: the accounts module is not part of this slice. */
  private long user() {
    return jdbc.sql("insert into users (username) values (?) returning id")
        .param(TestUsers.uniqueName("slice"))
        .query(Long.class)
        .single();
  }

  private PulseWriter.NewPulse pulse(long userId, long machineId, Instant at, Languages.ResolvedLanguage language,
      int xp) {
    return pulse(userId, machineId, at, 0, language, xp);
  }

  private PulseWriter.NewPulse pulse(long userId, long machineId, Instant at, int offsetMinutes,
      Languages.ResolvedLanguage language, int xp) {
    var fingerprint =
        PulseWriter.fingerprint(at, offsetMinutes, List.of(new PulseWriter.SentXp(language.countedName(), xp)));
    return new PulseWriter.NewPulse(
        userId, machineId, at, offsetMinutes,
        LocalDateTime.ofInstant(at, ZoneOffset.ofTotalSeconds(offsetMinutes * 60)), fingerprint,
        List.of(new PulseWriter.NewXp(language, xp)));
  }

  private List<Pulses.HourlyXp> hourly(TransactionTemplate tx, long userId) {
    return tx.execute(s -> pulses.hourlyXp(userId));
  }

  @Test
  void aWrittenPulseIsReadableOnceAndItsDeletionIsAnnounced(AssertablePublishedEvents events) {
    long userId = user();
    long laptop = machines.create(userId, "Laptop").machine().id();
    long desktop = machines.create(userId, "Desktop").machine().id();
    var go = languages.resolve("Go");
    var rust = languages.resolve("Rust");
    Instant at = Instant.parse("2026-11-28T10:15:00Z");
    var tx = new TransactionTemplate(transactions);

    List<Boolean> written =
        tx.execute(
            s -> writer.write(
                List.of(
                    pulse(userId, laptop, at, go, 5),
                    pulse(userId, laptop, at, go, 5), // the same pulse twice in one batch
                    pulse(userId, desktop, at.plusSeconds(60), rust, 7),
                    pulse(userId, laptop, at.plusSeconds(3600), rust, 11))));
    assertThat(written).containsExactly(true, false, true, true);
    assertThat(events.ofType(XpWritten.class)).hasSize(1);
    assertThat(events.ofType(XpWritten.class).iterator().next().entries()).extracting(XpEntry::amount)
        .containsExactly(5, 7, 11);
    // a retry in another batch is not written again
    List<Boolean> retried = tx.execute(s -> writer.write(List.of(pulse(userId, laptop, at, go, 5))));
    assertThat(retried).containsExactly(false);

    assertThat(pulses.xpBetween(userId, at, at.plusSeconds(3600)))
        .containsExactlyInAnyOrder(
            new Pulses.LanguageMachineXp(go.countedId(), laptop, 5),
            new Pulses.LanguageMachineXp(rust.countedId(), desktop, 7));
    assertThat(hourly(tx, userId)).extracting(Pulses.HourlyXp::xp).containsExactlyInAnyOrder(5L, 7L, 11L);
    var exported = new ArrayList<Pulses.RawXp>();
    tx.executeWithoutResult(s -> pulses.forEachXp(userId, exported::add));
    assertThat(exported).extracting(Pulses.RawXp::language).containsExactly("Go", "Rust", "Rust");

    // a correction: Rust on the laptop in the second hour goes, the rest stays
    long deleted =
        pulses.delete(userId,
            new Pulses.PulseFilter(laptop, rust.countedId(), at.plusSeconds(3000), at.plusSeconds(4000)));
    assertThat(deleted).isEqualTo(1);
    assertThat(events.ofType(XpRewritten.class).matching(XpRewritten::userId, userId)).hasSize(1);
    assertThat(hourly(tx, userId)).extracting(Pulses.HourlyXp::xp).containsExactlyInAnyOrder(5L, 7L);

    // deleting a machine takes its pulses along, through the machine's own deletion
    machines.delete(userId, desktop);
    assertThat(hourly(tx, userId)).extracting(Pulses.HourlyXp::xp).containsExactly(5L);
    assertThat(pulses.latestOffsetMinutes(userId)).contains(0);
    // the latest pulse's offset, and nobody else's: a user without pulses has none, whoever has
    long later = user();
    long other = machines.create(later, "Other").machine().id();
    assertThat(pulses.latestOffsetMinutes(later)).isEmpty();
    tx.execute(s -> writer.write(
        List.of(pulse(later, other, at.plusSeconds(7200), 120, go, 2), pulse(later, other, at, -300, go, 1))));
    assertThat(pulses.latestOffsetMinutes(later)).contains(120);
    assertThat(pulses.latestOffsetMinutes(userId)).contains(0);
    assertThat(pulses.deleteForMachine(userId, laptop)).isEqualTo(1);
    assertThat(hourly(tx, userId)).isEmpty();
  }
}
