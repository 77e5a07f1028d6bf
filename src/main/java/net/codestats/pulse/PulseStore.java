package net.codestats.pulse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.codestats.xp.Aggregates;
import net.codestats.xp.XpEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes pulses, their XP and the aggregates in one transaction, a whole batch of pulses at
 * a time with one statement per table.
 */
@Component
class PulseStore {

  private final JdbcClient jdbc;
  private final Aggregates aggregates;

  PulseStore(JdbcClient jdbc, Aggregates aggregates) {
    this.jdbc = jdbc;
    this.aggregates = aggregates;
  }

  /** What became of one pulse of a batch. */
  enum Outcome {
    STORED,
    /** A retry of a pulse already stored: accepted, not counted again. */
    DUPLICATE,
    /** Its machine was deleted or deactivated after the token check. */
    MACHINE_GONE
  }

  /** Stores a batch of pulses in one transaction; the outcomes are in the batch's order. */
  @Transactional
  List<Outcome> store(List<StoredPulse> batch) {
    Set<Long> liveMachines = lockLiveMachines(batch);
    List<StoredPulse> live = batch.stream().filter(p -> liveMachines.contains(p.machine().machineId())).toList();
    Map<PulseKey, Long> inserted = live.isEmpty() ? Map.of() : insertPulses(live);

    var outcomes = new ArrayList<Outcome>(batch.size());
    var xps = new XpRows();
    for (StoredPulse p : batch) {
      if (!liveMachines.contains(p.machine().machineId())) {
        outcomes.add(Outcome.MACHINE_GONE);
        continue;
      }
      // remove: the same pulse twice in one batch is stored once
      Long pulseId = inserted.remove(new PulseKey(p.machine().machineId(), p.fingerprint()));
      if (pulseId == null) {
        outcomes.add(Outcome.DUPLICATE);
        continue;
      }
      outcomes.add(Outcome.STORED);
      xps.add(pulseId, p);
    }
    if (!xps.isEmpty()) {
      jdbc.sql(
              """
              insert into xps (pulse_id, user_id, language_id, original_language_id, amount)
              select * from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[])""")
          .params(xps.columns())
          .update();
      aggregates.add(xps.entries);
    }
    return outcomes;
  }

  /**
   * Share-locks the batch's machines that still exist and are active: a concurrent delete or
   * deactivation either committed before (the machine is not returned) or waits for this commit.
   */
  private Set<Long> lockLiveMachines(List<StoredPulse> batch) {
    long[] ids = batch.stream().mapToLong(p -> p.machine().machineId()).distinct().toArray();
    return new HashSet<>(
        jdbc.sql("select id from machines where id = any(?) and active order by id for share")
            .param(ids)
            .query(Long.class)
            .list());
  }

  private Map<PulseKey, Long> insertPulses(List<StoredPulse> pulses) {
    int n = pulses.size();
    long[] users = new long[n];
    long[] machines = new long[n];
    String[] sentAt = new String[n];
    int[] offsets = new int[n];
    String[] sentAtLocal = new String[n];
    String[] fingerprints = new String[n];
    for (int i = 0; i < n; i++) {
      StoredPulse p = pulses.get(i);
      users[i] = p.machine().userId();
      machines[i] = p.machine().machineId();
      sentAt[i] = p.pulse().sentAt().toString();
      offsets[i] = p.pulse().offsetMinutes();
      sentAtLocal[i] = p.pulse().sentAtLocal().toString();
      fingerprints[i] = p.fingerprint().toString();
    }
    Map<PulseKey, Long> inserted = new HashMap<>();
    jdbc.sql(
            """
            insert into pulses (user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint)
            select u, m, s, o::smallint, l, f
            from unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::int[], ?::timestamp[], ?::uuid[])
                 as t (u, m, s, o, l, f)
            on conflict (machine_id, fingerprint) do nothing
            returning id, machine_id, fingerprint""")
        .params(users, machines, sentAt, offsets, sentAtLocal, fingerprints)
        .query(
            rs -> {
              inserted.put(
                  new PulseKey(rs.getLong("machine_id"), rs.getObject("fingerprint", UUID.class)),
                  rs.getLong("id"));
            });
    return inserted;
  }

  /** The xps rows of the stored pulses, as columns for one multi-row insert. */
  private static final class XpRows {
    final List<Long> pulseIds = new ArrayList<>();
    final List<Long> users = new ArrayList<>();
    final List<Long> languages = new ArrayList<>();
    final List<Long> sentLanguages = new ArrayList<>();
    final List<Integer> amounts = new ArrayList<>();
    final List<XpEntry> entries = new ArrayList<>();

    void add(long pulseId, StoredPulse p) {
      for (int i = 0; i < p.languages().size(); i++) {
        var language = p.languages().get(i);
        int amount = p.pulse().entries().get(i).xp();
        pulseIds.add(pulseId);
        users.add(p.machine().userId());
        languages.add(language.countedId());
        sentLanguages.add(language.sentId());
        amounts.add(amount);
        entries.add(
            new XpEntry(
                p.machine().userId(),
                p.machine().machineId(),
                language.countedId(),
                p.pulse().sentAtLocal(),
                amount,
                p.pulse().sentAt()));
      }
    }

    boolean isEmpty() {
      return pulseIds.isEmpty();
    }

    Object[] columns() {
      return new Object[] {
        toLongs(pulseIds),
        toLongs(users),
        toLongs(languages),
        toLongs(sentLanguages),
        amounts.stream().mapToInt(Integer::intValue).toArray()
      };
    }
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private record PulseKey(long machineId, UUID fingerprint) {}
}
