package net.codestats.pulse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * @return for each pulse, whether it was new (false: a retry of one already stored)
   */
  @Transactional
  List<Boolean> store(List<StoredPulse> pulses) {
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

    var isNew = new ArrayList<Boolean>(n);
    var pulseIds = new ArrayList<Long>();
    var xpUsers = new ArrayList<Long>();
    var languages = new ArrayList<Long>();
    var sentLanguages = new ArrayList<Long>();
    var amounts = new ArrayList<Integer>();
    var entries = new ArrayList<XpEntry>();
    for (StoredPulse p : pulses) {
      // remove: the same pulse twice in one batch is stored once
      Long pulseId = inserted.remove(new PulseKey(p.machine().machineId(), p.fingerprint()));
      isNew.add(pulseId != null);
      if (pulseId == null) {
        continue;
      }
      for (int i = 0; i < p.languages().size(); i++) {
        var language = p.languages().get(i);
        int amount = p.pulse().entries().get(i).xp();
        pulseIds.add(pulseId);
        xpUsers.add(p.machine().userId());
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
    if (!pulseIds.isEmpty()) {
      jdbc.sql(
              """
              insert into xps (pulse_id, user_id, language_id, original_language_id, amount)
              select * from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[])""")
          .params(
              toLongs(pulseIds),
              toLongs(xpUsers),
              toLongs(languages),
              toLongs(sentLanguages),
              amounts.stream().mapToInt(Integer::intValue).toArray())
          .update();
      aggregates.add(entries);
    }
    return isNew;
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private record PulseKey(long machineId, UUID fingerprint) {}
}
