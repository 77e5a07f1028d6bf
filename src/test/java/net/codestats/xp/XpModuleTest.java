package net.codestats.xp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.account.CurrentTerms;
import net.codestats.machine.Machines;
import net.codestats.machine.PluginSetups;
import net.codestats.pulse.Languages;
import net.codestats.pulse.PulseWriter;
import net.codestats.pulse.Pulses;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The XP module with what it depends on (accounts, machines, pulses and theirs) and the
 * embedded database, without profiles, pages or the live feed: the aggregates follow the
 * pulse module's writes and deletions in the same transaction, and the read queries add up.
 */
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "database",
    webEnvironment = WebEnvironment.NONE)
@ActiveProfiles("test")
// the GraphQL schema belongs to the profiles, which this slice leaves out
@TestPropertySource(
    properties = "spring.autoconfigure.exclude=org.springframework.boot.graphql.autoconfigure.GraphQlAutoConfiguration")
class XpModuleTest {

  // provided by the site pages and the legal terms, which this slice leaves out
  @MockitoBean PluginSetups pluginSetups;
  @MockitoBean CurrentTerms currentTerms;

  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired PulseWriter writer;
  @Autowired Pulses pulses;
  @Autowired Aggregates aggregates;
  @Autowired XpQueries queries;
  @Autowired PlatformTransactionManager transactions;

  private static PulseWriter.NewPulse pulse(long userId, long machineId, Instant at,
      Languages.ResolvedLanguage language, int xp) {
    var fingerprint = PulseWriter.fingerprint(at, 120, List.of(new PulseWriter.SentXp(language.countedName(), xp)));
    return new PulseWriter.NewPulse(
        userId,
        machineId,
        at,
        120,
        LocalDateTime.ofInstant(at, ZoneOffset.ofHours(2)),
        fingerprint,
        List.of(new PulseWriter.NewXp(language, xp)));
  }

  @Test
  void theAggregatesFollowWritesAndDeletionsInTheirTransaction() {
    long userId = accounts.create(TestUsers.uniqueName("xpslice"), "correct horse battery", null).id();
    long laptop = machines.create(userId, "Laptop").machine().id();
    long desktop = machines.create(userId, "Desktop").machine().id();
    var go = languages.resolve("Go");
    var rust = languages.resolve("Rust");
    Instant at = Instant.parse("2026-11-27T22:30:00Z"); // 00:30 local, the next day
    var tx = new TransactionTemplate(transactions);
    tx.executeWithoutResult(
        s -> writer.write(
            List.of(
                pulse(userId, laptop, at, go, 5),
                pulse(userId, desktop, at.plusSeconds(60), rust, 7),
                pulse(userId, laptop, at.plusSeconds(3600), rust, 11))));

    assertThat(aggregates.drift(userId)).isZero();
    assertThat(queries.languages(userId, null)).containsExactly(new XpQueries.NameXp("Rust", 18),
        new XpQueries.NameXp("Go", 5));
    assertThat(queries.machines(userId, null)).containsExactly(new XpQueries.NameXp("Laptop", 16),
        new XpQueries.NameXp("Desktop", 7));
    // since an instant inside the first hour: the partial hour from raw pulses, the next from the aggregate
    assertThat(queries.languages(userId, at.plusSeconds(30)))
        .containsExactly(new XpQueries.NameXp("Rust", 18));
    var totals = queries.totalsWithRecent(userId, at.plusSeconds(3600));
    assertThat(totals.machines()).containsExactly(new XpQueries.NameTotal("Laptop", 16, 11),
        new XpQueries.NameTotal("Desktop", 7, 0));
    assertThat(totals.languages()).containsExactly(new XpQueries.NameTotal("Rust", 18, 11),
        new XpQueries.NameTotal("Go", 5, 0));
    assertThat(queries.dates(userId, null)).containsExactly(new XpQueries.DateXp(LocalDate.parse("2026-11-28"), 23));
    assertThat(queries.hourOfDayXps(userId)).containsEntry("0", 12L).containsEntry("1", 11L);
    assertThat(queries.xpByMachine(userId)).containsEntry(laptop, 16L).containsEntry(desktop, 7L);

    // a correction through the pulse module: the aggregates are recomputed in its transaction
    pulses.delete(userId, new Pulses.PulseFilter(null, rust.countedId(), at.plusSeconds(3000), null));
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(queries.languages(userId, null)).containsExactly(new XpQueries.NameXp("Rust", 7),
        new XpQueries.NameXp("Go", 5));

    // a machine deletion: its XP leaves every aggregate
    machines.delete(userId, desktop);
    assertThat(aggregates.drift(userId)).isZero();
    assertThat(queries.languages(userId, null)).containsExactly(new XpQueries.NameXp("Go", 5));
    assertThat(queries.xpByMachine(userId)).containsOnlyKeys(laptop);
    assertThat(queries.hourOfDayXps(userId)).containsEntry("0", 5L).containsEntry("1", 0L);
  }
}
