package net.codestats.pulse;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import net.codestats.machine.MachineDeleting;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stored pulses and their XP, for the modules that need them raw: deleting them (machine
 * deletion, corrections) and the few reads that the aggregates cannot answer. Writing is
 * {@link PulseWriter}'s.
 */
@Service
public class Pulses {

  private final JdbcClient jdbc;
  private final JdbcTemplate streaming;
  private final ApplicationEventPublisher events;

  /** Public for the tools and tests that read another data source (the bench, an unreachable one). */
  public Pulses(JdbcClient jdbc, DataSource dataSource, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
    this.streaming = new JdbcTemplate(dataSource);
    this.streaming.setFetchSize(5_000);
  }

  /**
   * Which of a user's XP to delete; every part left null matches everything.
   *
   * @param languageId the language the XP counts under
   * @param from the first instant included
   * @param until the first instant no longer included
   */
  public record PulseFilter(Long machineId, Long languageId, Instant from, Instant until) {
    public static PulseFilter machine(long machineId) {
      return new PulseFilter(machineId, null, null, null);
    }
  }

  /** Deletes all the XP of one of the user's machines; see {@link #delete}. */
  @Transactional
  public long deleteForMachine(long userId, long machineId) {
    return delete(userId, PulseFilter.machine(machineId));
  }

  /**
   * Deletes the user's XP entries that match the filter, and the pulses left without entries,
   * then publishes {@link XpRewritten} in this transaction.
   *
   * @return the number of XP entries deleted
   */
  @Transactional
  public long delete(long userId, PulseFilter filter) {
    String pulses =
        """
        select id from pulses
        where user_id = :user
          and (cast(:machine as bigint) is null or machine_id = :machine)
          and (cast(:from as timestamptz) is null or sent_at >= :from)
          and (cast(:until as timestamptz) is null or sent_at < :until)""";
    long deleted;
    if (filter.languageId() == null) {
      deleted =
          jdbc.sql(
              "with gone as (delete from pulses where id in (" + pulses + ") returning id) "
                  + "select count(*) from xps x join gone g on g.id = x.pulse_id")
              .param("user", userId)
              .param("machine", filter.machineId())
              .param("from", timestamp(filter.from()))
              .param("until", timestamp(filter.until()))
              .query(Long.class)
              .single();
    } else {
      deleted =
          jdbc.sql(
              "delete from xps where user_id = :user and language_id = :language and pulse_id in (" + pulses + ")")
              .param("user", userId)
              .param("language", filter.languageId())
              .param("machine", filter.machineId())
              .param("from", timestamp(filter.from()))
              .param("until", timestamp(filter.until()))
              .update();
      jdbc.sql(
          "delete from pulses p where p.id in (" + pulses + ") "
              + "and not exists (select 1 from xps x where x.pulse_id = p.id)")
          .param("user", userId)
          .param("machine", filter.machineId())
          .param("from", timestamp(filter.from()))
          .param("until", timestamp(filter.until()))
          .update();
    }
    events.publishEvent(new XpRewritten(userId));
    return deleted;
  }

  /** One XP entry of a removed pulse, with its own id, so that it can be put back as it was. */
  public record RemovedXp(long id, long languageId, long originalLanguageId, int amount) {}

  /**
   * A pulse whose XP was removed (all of it, or one language's part), as stored: its id,
   * machine, instants, offset and fingerprint.
   */
  public record RemovedPulse(
      long id, long machineId, Instant sentAt, int offsetMinutes, LocalDateTime sentAtLocal, UUID fingerprint,
      List<RemovedXp> xps) {}

  /**
   * Removed pulses as parallel columns, for {@code unnest} in one statement per table: where
   * they are put back here and where a correction keeps them aside.
   */
  public record RemovedColumns(
      long[] ids,
      long[] machineIds,
      String[] sentAt,
      int[] offsets,
      String[] sentAtLocal,
      String[] fingerprints,
      long[] xpIds,
      long[] xpPulses,
      long[] xpLanguages,
      long[] xpOriginals,
      int[] xpAmounts) {

    public static RemovedColumns of(List<RemovedPulse> removed) {
      int n = removed.size();
      int m = removed.stream().mapToInt(p -> p.xps().size()).sum();
      var c = new RemovedColumns(new long[n], new long[n], new String[n], new int[n], new String[n], new String[n],
          new long[m], new long[m], new long[m], new long[m], new int[m]);
      int j = 0;
      for (int i = 0; i < n; i++) {
        RemovedPulse p = removed.get(i);
        c.ids[i] = p.id();
        c.machineIds[i] = p.machineId();
        c.sentAt[i] = p.sentAt().toString();
        c.offsets[i] = p.offsetMinutes();
        c.sentAtLocal[i] = p.sentAtLocal().toString();
        c.fingerprints[i] = p.fingerprint().toString();
        for (RemovedXp xp : p.xps()) {
          c.xpIds[j] = xp.id();
          c.xpPulses[j] = p.id();
          c.xpLanguages[j] = xp.languageId();
          c.xpOriginals[j] = xp.originalLanguageId();
          c.xpAmounts[j] = xp.amount();
          j++;
        }
      }
      return c;
    }
  }

  /** What a filter matches on one local date in one language: pulses touched and XP. */
  public record MatchedXp(LocalDate localDate, long languageId, long pulses, long xp) {}

  /**
   * What a filter matches.
   *
   * @param byDay per local date and language, oldest first
   * @param pulses pulses touched in all (a pulse with several languages counts once)
   */
  public record Matching(List<MatchedXp> byDay, long pulses, long xp) {}

  /** What {@link #remove} would remove now. */
  @Transactional(readOnly = true)
  public Matching matching(long userId, PulseFilter filter) {
    var byDay = new ArrayList<MatchedXp>();
    long[] total = new long[2];
    jdbc.sql(
        """
            select p.sent_at_local::date as local_date, x.language_id,
                   count(distinct p.id) as pulses, sum(x.amount) as xp, grouping(x.language_id) as everything
            from xps x join pulses p on p.id = x.pulse_id
            where x.user_id = :user and p.user_id = :user"""
            + MATCHES
            + """

            group by grouping sets ((p.sent_at_local::date, x.language_id), ())
            order by 1, 2""")
        .param("user", userId)
        .param("machine", filter.machineId())
        .param("language", filter.languageId())
        .param("from", timestamp(filter.from()))
        .param("until", timestamp(filter.until()))
        .query(rs -> {
          if (rs.getInt("everything") == 1) {
            total[0] = rs.getLong("pulses");
            total[1] = rs.getLong("xp");
          } else {
            byDay.add(new MatchedXp(
                rs.getObject("local_date", LocalDate.class),
                rs.getLong("language_id"),
                rs.getLong("pulses"),
                rs.getLong("xp")));
          }
        });
    return new Matching(byDay, total[0], total[1]);
  }

  /**
   * Removes the user's XP entries that match the filter, and the pulses left without entries,
   * and returns exactly what went (one statement deletes and reports it, so XP sent meanwhile
   * is either removed and returned or untouched). Publishes {@link XpRewritten} in the
   * caller's transaction when anything went.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<RemovedPulse> remove(long userId, PulseFilter filter) {
    Map<Long, RemovedPulse> removed = new LinkedHashMap<>();
    jdbc.sql(
        """
            delete from xps x using pulses p
            where x.pulse_id = p.id and x.user_id = :user and p.user_id = :user"""
            + MATCHES
            + """

            returning x.id, x.pulse_id, x.language_id, x.original_language_id, x.amount,
                      p.machine_id, p.sent_at, p.tz_offset, p.sent_at_local, p.fingerprint""")
        .param("user", userId)
        .param("machine", filter.machineId())
        .param("language", filter.languageId())
        .param("from", timestamp(filter.from()))
        .param("until", timestamp(filter.until()))
        .query(rs -> {
          var pulse =
              new RemovedPulse(
                  rs.getLong("pulse_id"),
                  rs.getLong("machine_id"),
                  rs.getObject("sent_at", OffsetDateTime.class).toInstant(),
                  rs.getInt("tz_offset"),
                  rs.getObject("sent_at_local", LocalDateTime.class),
                  rs.getObject("fingerprint", UUID.class),
                  new ArrayList<>());
          removed.computeIfAbsent(pulse.id(), id -> pulse)
              .xps()
              .add(new RemovedXp(rs.getLong("id"), rs.getLong("language_id"), rs.getLong("original_language_id"),
                  rs.getInt("amount")));
        });
    if (removed.isEmpty()) {
      return List.of();
    }
    jdbc.sql(
        "delete from pulses p where p.id = any(?) and not exists (select 1 from xps x where x.pulse_id = p.id)")
        .param(removed.keySet().stream().mapToLong(Long::longValue).toArray())
        .update();
    events.publishEvent(new XpRewritten(userId));
    var pulses = new ArrayList<>(removed.values());
    pulses.sort(Comparator.comparing(RemovedPulse::sentAt).thenComparingLong(RemovedPulse::id));
    return pulses;
  }

  /**
   * Puts removed pulses back with their own ids, and their XP entries into them (or into the
   * pulse that kept its other languages). What is already there is left alone: a pulse id or
   * machine and fingerprint already stored, an entry id already stored. Restoring twice thus
   * adds nothing. Publishes {@link XpRewritten} when anything came back.
   *
   * @return the XP entries put back
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public long restore(long userId, List<RemovedPulse> removed) {
    if (removed.isEmpty()) {
      return 0;
    }
    var c = RemovedColumns.of(removed);
    jdbc.sql(
        """
            insert into pulses (id, user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint)
            overriding system value
            select i, ?, m, s, o::smallint, l, f
            from unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::int[], ?::timestamp[], ?::uuid[])
                 as t (i, m, s, o, l, f)
            on conflict do nothing""")
        .params(userId, c.ids(), c.machineIds(), c.sentAt(), c.offsets(), c.sentAtLocal(), c.fingerprints())
        .update();
    // into the user's own pulse of that id only: one re-sent meanwhile under a new id keeps its XP
    int restored =
        jdbc.sql(
            """
                insert into xps (id, pulse_id, user_id, language_id, original_language_id, amount)
                overriding system value
                select i, p, ?, l, o, a
                from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[]) as t (i, p, l, o, a)
                where exists (select 1 from pulses q where q.id = t.p and q.user_id = ?)
                on conflict do nothing""")
            .params(userId, c.xpIds(), c.xpPulses(), c.xpLanguages(), c.xpOriginals(), c.xpAmounts(), userId)
            .update();
    if (restored > 0) {
      events.publishEvent(new XpRewritten(userId));
    }
    return restored;
  }

  /** The filter's conditions on {@code p} (pulses) and {@code x} (xps), each null part matching everything. */
  private static final String MATCHES =
      """

        and (cast(:machine as bigint) is null or p.machine_id = :machine)
        and (cast(:language as bigint) is null or x.language_id = :language)
        and (cast(:from as timestamptz) is null or p.sent_at >= :from)
        and (cast(:until as timestamptz) is null or p.sent_at < :until)""";

  /**
   * One user's raw XP in hourly sums (machine, local hour, UTC hour, language, XP) into a new
   * temporary table dropped at commit, computed in the database: the aggregates are rebuilt
   * and checked from it without a round trip of a heavy user's rows.
   *
   * @param table a plain lower-case name
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void hourlyXpInto(String table, long userId) {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a plain table name: " + table);
    }
    // a heavy user's million rows hashed in memory; on two cores parallel workers cost more
    // CPU than they save. date_bin is plain arithmetic (date_trunc converts each value to
    // calendar fields, and with a zone looks the zone up): the same hours, a third less CPU.
    // No ANALYZE: the temp table's size is known to the planner from its pages, and its readers
    // only hash or scan it
    jdbc.sql("set local work_mem = '128MB'").update();
    jdbc.sql("set local max_parallel_workers_per_gather = 0").update();
    jdbc.sql(
        "create temp table " + table + " on commit drop as "
            + """
            select p.machine_id, p.local_hour, p.utc_hour, x.language_id, sum(x.amount)::bigint as xp
            from xps x
            join (select id, machine_id,
                         date_bin('1 hour', sent_at_local, timestamp '2000-01-01') as local_hour,
                         date_bin('1 hour', sent_at, timestamptz '2000-01-01 00:00+00') as utc_hour
                  from pulses where user_id = ?) p on p.id = x.pulse_id
            where x.user_id = ?
            group by 1, 2, 3, 4""")
        .params(userId, userId)
        .update();
  }

  /** A machine's pulses go with it, in the deleting transaction. */
  @EventListener
  void machineDeleting(MachineDeleting machine) {
    deleteForMachine(machine.userId(), machine.machineId());
  }

  /** A user's XP summed per machine, local hour, UTC hour and language: what every aggregate is a sum of. */
  public record HourlyXp(long machineId, LocalDateTime localHour, Instant utcHour, long languageId, long xp) {}

  /**
   * One user's raw XP in hourly sums, read in one pass; the aggregates are rebuilt and checked
   * from it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<HourlyXp> hourlyXp(long userId) {
    // a heavy user's million rows: room to hash them, and parallel workers when they help
    jdbc.sql("set local work_mem = '128MB'").update();
    jdbc.sql("set local parallel_setup_cost = 100").update();
    return jdbc.sql(
        """
            select p.machine_id, date_trunc('hour', p.sent_at_local) as local_hour,
                   date_trunc('hour', p.sent_at, 'UTC') as utc_hour, x.language_id, sum(x.amount) as xp
            from xps x join pulses p on p.id = x.pulse_id
            where x.user_id = ? and p.user_id = ?
            group by 1, 2, 3, 4""")
        .params(userId, userId)
        .query(
            (rs, i) -> new HourlyXp(
                rs.getLong("machine_id"),
                rs.getObject("local_hour", LocalDateTime.class),
                rs.getObject("utc_hour", OffsetDateTime.class).toInstant(),
                rs.getLong("language_id"),
                rs.getLong("xp")))
        .list();
  }

  /**
   * {@link #hourlyXp} of only the pulses from the given machines or in the given languages:
   * the share of a user's figures that they hide from their public profile (read for those who
   * hide something, and cached by the reader).
   */
  public List<HourlyXp> hourlyXpOf(long userId, long[] machineIds, long[] languageIds) {
    return jdbc.sql(
        """
            select p.machine_id, date_trunc('hour', p.sent_at_local) as local_hour,
                   date_trunc('hour', p.sent_at, 'UTC') as utc_hour, x.language_id, sum(x.amount) as xp
            from xps x join pulses p on p.id = x.pulse_id
            where x.user_id = ? and p.user_id = ? and (p.machine_id = any(?) or x.language_id = any(?))
            group by 1, 2, 3, 4""")
        .params(userId, userId, machineIds, languageIds)
        .query(
            (rs, i) -> new HourlyXp(
                rs.getLong("machine_id"),
                rs.getObject("local_hour", LocalDateTime.class),
                rs.getObject("utc_hour", OffsetDateTime.class).toInstant(),
                rs.getLong("language_id"),
                rs.getLong("xp")))
        .list();
  }

  /** A user's XP in one UTC minute and language (all machines together). */
  public record MinuteXp(Instant minute, long languageId, long xp) {}

  /**
   * One user's raw XP per UTC minute and language, oldest first: the leaderboards' plausibility
   * check is recomputed from it when the user's XP is rewritten.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<MinuteXp> minutelyXp(long userId) {
    return jdbc.sql(
        """
            select date_trunc('minute', p.sent_at, 'UTC') as minute, x.language_id, sum(x.amount) as xp
            from xps x join pulses p on p.id = x.pulse_id
            where x.user_id = ? and p.user_id = ?
            group by 1, 2 order by 1, 2""")
        .params(userId, userId)
        .query(
            (rs, i) -> new MinuteXp(
                rs.getObject("minute", OffsetDateTime.class).toInstant(), rs.getLong("language_id"), rs.getLong("xp")))
        .list();
  }

  /** XP of one language on one machine. */
  public record LanguageMachineXp(long languageId, long machineId, long xp) {}

  /** A user's XP in {@code [from, until)} per language and machine (a short range: an index scan). */
  public List<LanguageMachineXp> xpBetween(long userId, Instant from, Instant until) {
    return jdbc.sql(
        """
            select x.language_id, p.machine_id, sum(x.amount) as xp
            from pulses p join xps x on x.pulse_id = p.id
            where p.user_id = ? and p.sent_at >= ? and p.sent_at < ?
            group by 1, 2""")
        .params(userId, Timestamp.from(from), Timestamp.from(until))
        .query((rs, i) -> new LanguageMachineXp(rs.getLong("language_id"), rs.getLong("machine_id"), rs.getLong("xp")))
        .list();
  }

  /**
   * One stored pulse with its XP per language, as "explain a number" lists it.
   *
   * @param sentAtLocal the user's wall clock when it was sent
   * @param xps XP per language as counted (aliases resolved), most first
   */
  public record DayPulse(long pulseId, LocalDateTime sentAtLocal, int offsetMinutes, long machineId,
      List<LanguageAmount> xps) {
    public long xp() {
      return xps.stream().mapToLong(LanguageAmount::amount).sum();
    }
  }

  /** @param language the display name of the language the XP counts under */
  public record LanguageAmount(long languageId, String language, long amount) {}

  /** How many pulses, and how much XP, a local date holds (the figure the day aggregate shows). */
  public record DaySummary(long pulses, long xp) {}

  /** The pulses of a local date: sargable bounds on {@code sent_at} (offsets are at most a day) and the exact local day. */
  private static final String DAY_PULSES =
      """
      from pulses p join xps x on x.pulse_id = p.id
      where p.user_id = :user and x.user_id = :user
        and p.sent_at >= :from and p.sent_at < :until
        and p.sent_at_local >= :day and p.sent_at_local < :next
        and (cast(:language as bigint) is null or x.language_id = :language)
        and not (p.machine_id = any(cast(:excluded as bigint[])))""";

  /**
   * One page of the user's pulses on a local date, oldest first, with their XP per language:
   * only the XP of {@code languageId} when it is not null (and only the pulses that have some),
   * none of the machines in {@code excludedMachineIds}. Reads a few days of the user's pulses
   * by index, whatever their history.
   */
  public List<DayPulse> pulsesOnLocalDate(long userId, LocalDate date, Long languageId,
      Set<Long> excludedMachineIds, int limit, long offset) {
    record Head(long id, LocalDateTime sentAtLocal, int offsetMinutes, long machineId) {}
    List<Head> heads =
        day(jdbc.sql("select p.id, p.sent_at_local, p.tz_offset, p.machine_id " + DAY_PULSES
            + " group by p.id order by p.sent_at_local, p.id limit :limit offset :offset"),
            userId, date, languageId, excludedMachineIds)
            .param("limit", limit)
            .param("offset", offset)
            .query((rs, i) -> new Head(rs.getLong("id"), rs.getObject("sent_at_local", LocalDateTime.class),
                rs.getInt("tz_offset"), rs.getLong("machine_id")))
            .list();
    if (heads.isEmpty()) {
      return List.of();
    }
    Map<Long, List<LanguageAmount>> xps = new HashMap<>();
    jdbc.sql(
        """
            select x.pulse_id, x.language_id, l.name, sum(x.amount) as amount
            from xps x join languages l on l.id = x.language_id
            where x.pulse_id = any(:pulses) and (cast(:language as bigint) is null or x.language_id = :language)
            group by 1, 2, 3 order by 1, 4 desc, 3""")
        .param("pulses", heads.stream().mapToLong(Head::id).toArray())
        .param("language", languageId)
        .query(rs -> {
          xps.computeIfAbsent(rs.getLong("pulse_id"), id -> new ArrayList<>())
              .add(new LanguageAmount(rs.getLong("language_id"), rs.getString("name"), rs.getLong("amount")));
        });
    return heads.stream()
        .map(h -> new DayPulse(h.id(), h.sentAtLocal(), h.offsetMinutes(), h.machineId(),
            List.copyOf(xps.getOrDefault(h.id(), List.of()))))
        .toList();
  }

  /** The pulse count and XP of a local date, with the filters of {@link #pulsesOnLocalDate}. */
  public DaySummary localDateSummary(long userId, LocalDate date, Long languageId, Set<Long> excludedMachineIds) {
    return day(jdbc.sql("select count(distinct p.id) as pulses, coalesce(sum(x.amount), 0) as xp " + DAY_PULSES),
        userId, date, languageId, excludedMachineIds)
        .query((rs, i) -> new DaySummary(rs.getLong("pulses"), rs.getLong("xp")))
        .single();
  }

  private static JdbcClient.StatementSpec day(JdbcClient.StatementSpec sql, long userId, LocalDate date,
      Long languageId, Set<Long> excludedMachineIds) {
    Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    return sql.param("user", userId)
        .param("from", Timestamp.from(midnight.minus(Duration.ofDays(1))))
        .param("until", Timestamp.from(midnight.plus(Duration.ofDays(2))))
        .param("day", date.atStartOfDay())
        .param("next", date.plusDays(1).atStartOfDay())
        .param("language", languageId)
        .param("excluded", excludedMachineIds.stream().mapToLong(Long::longValue).toArray());
  }

  /** Everyone's XP per UTC minute (epoch second → XP) since an instant, each entry counted up to {@code cap}. */
  public TreeMap<Long, Long> xpPerMinuteSince(Instant since, int cap) {
    TreeMap<Long, Long> minutes = new TreeMap<>();
    jdbc.sql(
        """
            select extract(epoch from date_trunc('minute', p.sent_at, 'UTC'))::bigint as minute,
                   sum(least(x.amount, :cap)) as xp
            from pulses p join xps x on x.pulse_id = p.id
            where p.sent_at >= :since group by 1""")
        .param("cap", cap)
        .param("since", Timestamp.from(since))
        .query(rs -> {
          minutes.put(rs.getLong("minute"), rs.getLong("xp"));
        });
    return minutes;
  }

  /** How many users sent a pulse since an instant (the admin area's active users). */
  public long activeUsersSince(Instant since) {
    return jdbc.sql("select count(distinct user_id) from pulses where sent_at >= ?")
        .param(Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  /** Pulses stored per UTC minute (epoch second of the minute → count) since an instant. */
  public TreeMap<Long, Long> pulsesPerMinuteSince(Instant since) {
    TreeMap<Long, Long> minutes = new TreeMap<>();
    jdbc.sql(
        """
            select extract(epoch from date_trunc('minute', sent_at, 'UTC'))::bigint as minute, count(*) as pulses
            from pulses where sent_at >= ? group by 1""")
        .param(Timestamp.from(since))
        .query(rs -> {
          minutes.put(rs.getLong("minute"), rs.getLong("pulses"));
        });
    return minutes;
  }

  /** User ids by XP since an instant, most first. */
  public List<Long> mostActiveUsers(Instant since, int limit) {
    return jdbc.sql(
        """
            select p.user_id from pulses p join xps x on x.pulse_id = p.id
            where p.sent_at >= :since
            group by p.user_id order by sum(x.amount) desc, p.user_id limit :n""")
        .param("since", Timestamp.from(since))
        .param("n", limit)
        .query(Long.class)
        .list();
  }

  /** When each of the user's pulses in [from, until) was sent, earliest first (duplicates once). */
  public List<Instant> sentAtBetween(long userId, Instant from, Instant until) {
    return jdbc.sql(
        "select distinct sent_at from pulses where user_id = ? and sent_at >= ? and sent_at < ? order by sent_at")
        .params(userId, Timestamp.from(from), Timestamp.from(until))
        .query((rs, i) -> rs.getTimestamp(1).toInstant())
        .list();
  }

  /**
   * The UTC offset (minutes) of the user's latest pulse. Written so that only the
   * (user_id, sent_at) index can answer it: with {@code where user_id = ? order by sent_at desc}
   * PostgreSQL walked the sent_at index backwards for a user with many pulses (one in nine of
   * the benchmark's), filtering everybody's newer pulses: 0.6–0.9 s for a heavy profile whose
   * latest pulse was older than 3.2 million others, on every snapshot reload.
   */
  public Optional<Integer> latestOffsetMinutes(long userId) {
    return jdbc.sql("""
        select tz_offset from pulses
        where (user_id, sent_at) < (?, 'infinity'::timestamptz) and user_id >= ?
        order by user_id desc, sent_at desc
        limit 1""")
        .params(userId, userId)
        .query(Integer.class)
        .optional();
  }

  /**
   * One XP entry with its pulse, as exported.
   *
   * @param language the language name as sent (before aliasing)
   */
  public record RawXp(
      OffsetDateTime sentAt, LocalDateTime sentAtLocal, int offsetMinutes, String language, long machineId,
      int amount) {}

  /**
   * Every XP entry of the user, oldest first, streamed from a cursor: a heavy user's export
   * needs no more memory than a light one's. Needs a (read-only) transaction for the cursor.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void forEachXp(long userId, Consumer<RawXp> each) {
    streaming.query(
        """
        select p.sent_at, p.sent_at_local, p.tz_offset, l.name as language, p.machine_id, x.amount
        from pulses p
        join xps x on x.pulse_id = p.id
        join languages l on l.id = x.original_language_id
        where p.user_id = ?
        order by p.sent_at, p.id, x.id""",
        rs -> {
          each.accept(
              new RawXp(
                  rs.getObject("sent_at", OffsetDateTime.class),
                  rs.getObject("sent_at_local", LocalDateTime.class),
                  rs.getInt("tz_offset"),
                  rs.getString("language"),
                  rs.getLong("machine_id"),
                  rs.getInt("amount")));
        },
        userId);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
