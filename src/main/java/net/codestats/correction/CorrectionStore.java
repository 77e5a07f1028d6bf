package net.codestats.correction;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongPredicate;
import net.codestats.correction.Correction.State;
import net.codestats.pulse.Pulses;
import net.codestats.pulse.Pulses.RemovedPulse;
import net.codestats.pulse.Pulses.RemovedXp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The corrections' tables: a removal kept aside (the pulse module removes the XP and returns
 * it exactly as stored), its restoration and its purge. Each public method is one
 * transaction; the aggregates follow in it through the pulse module's event.
 */
@Component
class CorrectionStore {

  private static final Logger log = LoggerFactory.getLogger(CorrectionStore.class);

  private final JdbcClient jdbc;
  private final Pulses pulses;
  private final Clock clock;

  CorrectionStore(JdbcClient jdbc, Pulses pulses, Clock clock) {
    this.jdbc = jdbc;
    this.pulses = pulses;
    this.clock = clock;
  }

  /**
   * Removes what the scope matches, keeps it aside and records the correction.
   *
   * @throws CorrectionException when nothing matches (nothing is changed)
   */
  @Transactional
  public Correction remove(long userId, CorrectionScope scope) {
    List<RemovedPulse> removed = pulses.remove(userId, scope.filter());
    if (removed.isEmpty()) {
      throw new CorrectionException("Nothing to remove: no XP matches your choice.");
    }
    long total = removed.stream().flatMap(p -> p.xps().stream()).mapToLong(RemovedXp::amount).sum();
    Instant now = clock.instant();
    long id =
        jdbc.sql(
            """
                insert into corrections (user_id, created_at, machine_id, machine_name, language_id, language_name,
                                         range_from, range_until, range_zone, pulses, xp, state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'removed') returning id""")
            .params(userId, Timestamp.from(now), scope.machineId(), scope.machineName(), scope.languageId(),
                scope.languageName(), timestamp(scope.from()), timestamp(scope.until()), scope.zone().getId(),
                removed.size(), total)
            .query(Long.class)
            .single();
    keepAside(id, removed);
    log.info("User {} removed {} XP in {} pulses (correction {})", userId, total, removed.size(), id);
    return find(userId, id).orElseThrow();
  }

  /**
   * Puts a correction's XP back as it was. Pulses of a machine deleted since stay away.
   *
   * @param machineExists whether a machine id is still one of the user's
   *
   * @throws CorrectionException when it is not the user's (not found), or no longer removed
   */
  @Transactional
  public Correction restore(long userId, long correctionId, LongPredicate machineExists) {
    // the row lock makes a second click (or another tab) wait, and then find it restored
    Optional<String> state =
        jdbc.sql("select state from corrections where id = ? and user_id = ? for update")
            .params(correctionId, userId)
            .query(String.class)
            .optional();
    if (state.isEmpty()) {
      throw CorrectionException.notFound();
    }
    Correction correction = find(userId, correctionId).orElseThrow();
    if (correction.state() == State.RESTORED) {
      throw new CorrectionException("This correction was already restored.");
    }
    if (!correction.restorable()) {
      throw new CorrectionException("This correction can no longer be restored: its XP was purged.");
    }
    List<RemovedPulse> aside =
        keptAside(correctionId).stream().filter(p -> machineExists.test(p.machineId())).toList();
    pulses.restore(userId, aside);
    jdbc.sql("update corrections set state = 'restored', restored_at = ? where id = ?")
        .params(Timestamp.from(clock.instant()), correctionId)
        .update();
    forget(correctionId);
    return find(userId, correctionId).orElseThrow();
  }

  /** The user's corrections, newest first. */
  public List<Correction> list(long userId) {
    return jdbc.sql(SELECT + " where user_id = ? order by id desc").param(userId).query(this::correction).list();
  }

  public Optional<Correction> find(long userId, long correctionId) {
    return jdbc.sql(SELECT + " where user_id = ? and id = ?")
        .params(userId, correctionId)
        .query(this::correction)
        .optional();
  }

  /** @return the corrections purged */
  @Transactional
  public int purgeExpired() {
    Instant now = clock.instant();
    List<Long> expired =
        jdbc.sql("select id from corrections where state = 'removed' and created_at <= ? for update skip locked")
            .param(Timestamp.from(now.minus(Corrections.KEPT)))
            .query(Long.class)
            .list();
    for (long id : expired) {
      forget(id);
    }
    if (!expired.isEmpty()) {
      jdbc.sql("update corrections set state = 'purged', purged_at = ? where id = any(?)")
          .params(Timestamp.from(now), expired.stream().mapToLong(Long::longValue).toArray())
          .update();
    }
    return expired.size();
  }

  private void keepAside(long correctionId, List<RemovedPulse> removed) {
    var c = Pulses.RemovedColumns.of(removed);
    jdbc.sql(
        """
            insert into correction_pulses (correction_id, pulse_id, machine_id, sent_at, tz_offset, sent_at_local,
                                           fingerprint)
            select ?, i, m, s, o::smallint, l, f
            from unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::int[], ?::timestamp[], ?::uuid[])
                 as t (i, m, s, o, l, f)""")
        .params(correctionId, c.ids(), c.machineIds(), c.sentAt(), c.offsets(), c.sentAtLocal(), c.fingerprints())
        .update();
    jdbc.sql(
        """
            insert into correction_xps (correction_id, xp_id, pulse_id, language_id, original_language_id, amount)
            select ?, i, p, l, o, a from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[])
                 as t (i, p, l, o, a)""")
        .params(correctionId, c.xpIds(), c.xpPulses(), c.xpLanguages(), c.xpOriginals(), c.xpAmounts())
        .update();
  }

  private List<RemovedPulse> keptAside(long correctionId) {
    Map<Long, List<RemovedXp>> xps = new HashMap<>();
    jdbc.sql(
        """
            select xp_id, pulse_id, language_id, original_language_id, amount
            from correction_xps where correction_id = ? order by xp_id""")
        .param(correctionId)
        .query(rs -> {
          xps.computeIfAbsent(rs.getLong("pulse_id"), id -> new ArrayList<>())
              .add(new RemovedXp(rs.getLong("xp_id"), rs.getLong("language_id"), rs.getLong("original_language_id"),
                  rs.getInt("amount")));
        });
    return jdbc.sql(
        """
            select pulse_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint
            from correction_pulses where correction_id = ? order by sent_at, pulse_id""")
        .param(correctionId)
        .query(
            (rs, i) -> new RemovedPulse(
                rs.getLong("pulse_id"),
                rs.getLong("machine_id"),
                rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                rs.getInt("tz_offset"),
                rs.getObject("sent_at_local", LocalDateTime.class),
                rs.getObject("fingerprint", UUID.class),
                xps.getOrDefault(rs.getLong("pulse_id"), List.of())))
        .list();
  }

  private void forget(long correctionId) {
    jdbc.sql("delete from correction_xps where correction_id = ?").param(correctionId).update();
    jdbc.sql("delete from correction_pulses where correction_id = ?").param(correctionId).update();
  }

  private static final String SELECT =
      """
      select id, created_at, machine_id, machine_name, language_id, language_name, range_from, range_until,
             range_zone, pulses, xp, state, restored_at, purged_at
      from corrections""";

  private Correction correction(ResultSet rs, int row) throws SQLException {
    Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
    var scope =
        new CorrectionScope(
            (Long) rs.getObject("machine_id"),
            rs.getString("machine_name"),
            (Long) rs.getObject("language_id"),
            rs.getString("language_name"),
            instant(rs.getObject("range_from", OffsetDateTime.class)),
            instant(rs.getObject("range_until", OffsetDateTime.class)),
            ZoneOffset.of(rs.getString("range_zone")));
    State state = State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT));
    Instant until = created.plus(Corrections.KEPT);
    return new Correction(
        rs.getLong("id"),
        created,
        scope.describe(),
        rs.getInt("pulses"),
        rs.getLong("xp"),
        state,
        instant(rs.getObject("restored_at", OffsetDateTime.class)),
        instant(rs.getObject("purged_at", OffsetDateTime.class)),
        until,
        state == State.REMOVED && clock.instant().isBefore(until));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static Timestamp timestamp(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

}
