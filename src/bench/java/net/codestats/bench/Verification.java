package net.codestats.bench;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.codestats.xp.BenchAggregates;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Checks on the stored data after a fault: nothing acknowledged lost, nothing half-stored, no drift. */
final class Verification {

  private final JdbcClient jdbc;
  private final BenchAggregates aggregates;

  Verification(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.aggregates = new BenchAggregates(dataSource);
  }

  /** Rows of what malformed input could store: pulses, accounts, passwords set, reset links. */
  Map<String, Long> storedCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    counts.put("pulses", jdbc.sql("select count(*) from pulses").query(Long.class).single());
    counts.put("users", jdbc.sql("select count(*) from users").query(Long.class).single());
    counts.put("passwords",
        jdbc.sql("select count(*) from users where password_hash is not null").query(Long.class).single());
    counts.put("password_resets", jdbc.sql("select count(*) from password_resets").query(Long.class).single());
    return counts;
  }

  /** @return problems found (empty: all acknowledged pulses stored whole) */
  List<String> acknowledgedPulsesStored(Dataset dataset, Collection<Pulses.Pulse> acknowledged) {
    Map<String, Long> machineOf = new HashMap<>();
    dataset.loadMachines().forEach(m -> machineOf.put(m.token(), m.machineId()));
    machineOf.put(dataset.fanoutToken(), -1L);
    record Stored(long count, long sum) {}
    Map<String, Stored> stored = new HashMap<>();
    jdbc.sql(
        """
            select p.machine_id, p.sent_at, count(x.id) as n, coalesce(sum(x.amount), 0) as total
            from pulses p left join xps x on x.pulse_id = p.id
            where p.machine_id = any(?::bigint[]) group by p.id""")
        .param(dataset.loadMachines().stream().mapToLong(Dataset.LoadMachine::machineId).toArray())
        .query(rs -> {
          Instant sentAt = rs.getObject("sent_at", OffsetDateTime.class).toInstant();
          stored.merge(rs.getLong("machine_id") + "@" + sentAt, new Stored(rs.getLong("n"), rs.getLong("total")),
              (a, b) -> new Stored(a.count() + b.count() + 1000, a.sum() + b.sum()));
        });
    var problems = new ArrayList<String>();
    for (Pulses.Pulse pulse : acknowledged) {
      Stored s = stored.get(machineOf.get(pulse.token()) + "@" + pulse.codedAt());
      if (s == null) {
        problems.add("acknowledged pulse missing: " + pulse.json());
      } else if (s.count() != pulse.xps().size() || s.sum() != pulse.total()) {
        problems.add("acknowledged pulse stored wrongly (" + s + "): " + pulse.json());
      }
      if (problems.size() > 20) {
        break;
      }
    }
    return problems;
  }

  /** Pulses without any XP rows: what a half-written pulse would look like. */
  long pulsesWithoutXp() {
    return jdbc.sql("select count(*) from pulses p where not exists (select 1 from xps x where x.pulse_id = p.id)")
        .query(Long.class)
        .single();
  }

  /** @return users whose aggregates differ from a recomputation, with the number of rows off */
  Map<Long, Long> drift() {
    var users = jdbc.sql("select id from users order by id").query(Long.class).list();
    Map<Long, Long> drifted = new HashMap<>();
    for (long user : users) {
      long d = aggregates.drift(user);
      if (d != 0) {
        drifted.put(user, d);
      }
    }
    return drifted;
  }

  long pulseCount() {
    return jdbc.sql("select count(*) from pulses").query(Long.class).single();
  }

  long pulseCount(long userId) {
    return jdbc.sql("select count(*) from pulses where user_id = ?").param(userId).query(Long.class).single();
  }
}
