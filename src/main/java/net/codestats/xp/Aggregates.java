package net.codestats.xp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.codestats.pulse.Pulses;
import net.codestats.pulse.XpEntry;
import net.codestats.pulse.XpRewritten;
import net.codestats.pulse.XpWritten;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-user aggregates (XP per language, machine, local date × language, local hour) that
 * the read paths use instead of raw XP, plus XP per UTC hour × language × machine for queries
 * "since an instant". They change in the same transaction as the raw data (the pulse module's
 * {@link XpWritten} and {@link XpRewritten}, published inside its transactions) and can be
 * rebuilt from it at any time.
 */
@Service
public class Aggregates {

  /**
   * The order of this class's XP listeners: before any other module's, which may then rely on
   * holding the user's aggregate lock (listeners without an order run later).
   */
  public static final int LOCKING_LISTENER = 0;

  /** The advisory-lock namespace of {@link #lockUsers}. */
  private static final int AGGREGATE_LOCK = 0x41677278;

  private final JdbcClient jdbc;
  private final Pulses pulses;
  private final ApplicationEventPublisher events;

  Aggregates(JdbcClient jdbc, Pulses pulses, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.pulses = pulses;
    this.events = events;
  }

  /** New XP adds to the aggregates in the writing transaction (one call per written batch). */
  // first among the listeners: the user's advisory lock taken here (shared for writers,
  // exclusive for a rebuild) also orders what later listeners derive from the same XP
  @EventListener
  @Order(Aggregates.LOCKING_LISTENER)
  void xpWritten(XpWritten written) {
    add(written.entries());
  }

  /** Deleted or re-counted XP: the user's aggregates are recomputed in that transaction. */
  @EventListener
  @Order(Aggregates.LOCKING_LISTENER)
  void xpRewritten(XpRewritten rewritten) {
    rebuild(rewritten.userId());
  }

  /**
   * Adds stored entries to the aggregates, inside the caller's transaction. Rows are touched
   * in key order, so concurrent writers lock them in the same order and never deadlock.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void add(Collection<XpEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    lockUsers(entries.stream().mapToLong(XpEntry::userId).distinct().sorted().toArray(),
        "pg_advisory_xact_lock_shared");
    var byLanguage = sum(entries, e -> new Key(e.userId(), e.languageId(), null));
    var byMachine = sum(entries, e -> new Key(e.userId(), e.machineId(), null));
    var byDay = sum(entries, e -> new Key(e.userId(), e.languageId(), e.sentAtLocal().toLocalDate()));
    var byHour = sum(entries, e -> new Key(e.userId(), e.sentAtLocal().getHour(), null));
    var params = new ArrayList<Object>(23);
    addColumns(params, byLanguage, false);
    addColumns(params, byMachine, false);
    addColumns(params, byDay, true);
    addColumns(params, byHour, false);
    addUtcHourColumns(params, entries);
    addLanguageHourColumns(params, entries);
    // one statement, one round trip for the six tables (each its rows in key order)
    jdbc.sql(ADD).params(params).query((rs, i) -> 0).list();
  }

  /** The six aggregate upserts of {@link #add}, as one statement of data-modifying CTEs. */
  private static final String ADD =
      """
      with language_xp as (
        insert into user_language_xp (user_id, language_id, xp)
        select * from unnest(?::bigint[], ?::bigint[], ?::bigint[])
        on conflict (user_id, language_id) do update set xp = user_language_xp.xp + excluded.xp),
      machine_xp as (
        insert into user_machine_xp (user_id, machine_id, xp)
        select * from unnest(?::bigint[], ?::bigint[], ?::bigint[])
        on conflict (user_id, machine_id) do update set xp = user_machine_xp.xp + excluded.xp),
      day_xp as (
        insert into user_day_language_xp (user_id, local_date, language_id, xp)
        select u, d, l, x from unnest(?::bigint[], ?::bigint[], ?::date[], ?::bigint[]) as t (u, l, d, x)
        on conflict (user_id, local_date, language_id) do update set xp = user_day_language_xp.xp + excluded.xp),
      hour_xp as (
        insert into user_hour_xp (user_id, local_hour, xp)
        select u, h::smallint, x from unnest(?::bigint[], ?::bigint[], ?::bigint[]) as t (u, h, x)
        on conflict (user_id, local_hour) do update set xp = user_hour_xp.xp + excluded.xp),
      utc_hour_xp as (
        insert into user_utc_hour_xp (user_id, utc_hour, language_id, machine_id, xp)
        select * from unnest(?::bigint[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[])
        on conflict (user_id, utc_hour, language_id, machine_id) do update set xp = user_utc_hour_xp.xp + excluded.xp),
      language_hour_xp as (
        insert into user_language_local_hour_xp (user_id, language_id, local_hour, machine_id, xp)
        select * from unnest(?::bigint[], ?::bigint[], ?::timestamp[], ?::bigint[], ?::bigint[])
        on conflict (user_id, language_id, local_hour, machine_id)
        do update set xp = user_language_local_hour_xp.xp + excluded.xp)
      select 1""";

  /**
   * Recomputes one user's aggregates from their raw pulses, writing only what differs: the raw
   * rows are summed per hour once, in the database ({@link Pulses#hourlyXpInto}), the hours
   * per local day once more, and each aggregate is summed from the finest of those it needs.
   * One full join per table with the stored rows gives the rows that differ (usually none);
   * only those are deleted and inserted. A heavy user's million XP rows take one pass, and a
   * rebuild after a small correction (or of an unchanged user) writes a few rows, not all.
   */
  @Transactional
  public void rebuild(long userId) {
    lockUsers(new long[] {userId}, "pg_advisory_xact_lock");
    pulses.hourlyXpInto(HOURLY, userId);
    jdbc.sql("create temp table " + DAILY + " on commit drop as select local_hour::date as local_date,"
        + " language_id, machine_id, sum(xp)::bigint as xp from " + HOURLY + " group by 1, 2, 3").update();
    for (Derived table : DERIVED) {
      rebuild(table, userId);
    }
    jdbc.sql("drop table " + DAILY).update();
    jdbc.sql("drop table " + HOURLY).update();
    events.publishEvent(new AggregatesRebuilt(userId));
  }

  /**
   * One aggregate table: the keys whose recomputed XP differs from the stored (or that exist
   * on one side only), by one hash full join of both sides, then a delete of the stored rows
   * among them and an insert of the recomputed ones. A temp table has no statistics, so the
   * differences are analyzed before they are joined with the table.
   */
  private void rebuild(Derived table, long userId) {
    String on = table.keys().stream().map(k -> "n." + k + " = t." + k).collect(Collectors.joining(" and "));
    String keys = table.keys().stream().map(k -> "coalesce(n." + k + ", t." + k + ") as " + k)
        .collect(Collectors.joining(", "));
    String columns = String.join(", ", table.keys());
    int differing =
        jdbc.sql(
            "create temp table " + DIFFERING + " on commit drop as select " + keys
                + ", n.xp, t.xp is not null as stored from (" + table.recomputed() + ") n full join (select "
                + columns + ", xp from " + table.name() + " where user_id = ?) t on " + on
                + " where n.xp is distinct from t.xp")
            .param(userId)
            .update();
    if (differing > 0) {
      jdbc.sql("analyze " + DIFFERING).update();
      String sameKey = table.keys().stream().map(k -> "d." + k + " = t." + k).collect(Collectors.joining(" and "));
      jdbc.sql("delete from " + table.name() + " t using " + DIFFERING + " d where t.user_id = ? and d.stored and "
          + sameKey)
          .param(userId)
          .update();
      jdbc.sql("insert into " + table.name() + " (user_id, " + columns + ", xp) select ?, " + columns + ", xp from "
          + DIFFERING + " where xp is not null")
          .param(userId)
          .update();
    }
    jdbc.sql("drop table " + DIFFERING).update();
  }

  /** The temporary table of one user's hourly sums, which every aggregate is a sum of. */
  private static final String HOURLY = "rebuild_hourly";

  /** The hourly sums per local day, language and machine: what the coarser aggregates are summed from. */
  private static final String DAILY = "rebuild_daily";

  /** The rows of one aggregate table that differ from their recomputation. */
  private static final String DIFFERING = "rebuild_differing";

  /**
   * An aggregate table: its key columns after {@code user_id}, and its rows recomputed from
   * {@link #HOURLY} or {@link #DAILY} with those columns and {@code xp} (a bigint, as stored).
   */
  private record Derived(String name, List<String> keys, String recomputed) {}

  private static final List<Derived> DERIVED =
      List.of(
          new Derived(
              "user_language_xp", List.of("language_id"),
              "select language_id, sum(xp)::bigint as xp from rebuild_daily group by 1"),
          new Derived(
              "user_machine_xp", List.of("machine_id"),
              "select machine_id, sum(xp)::bigint as xp from rebuild_daily group by 1"),
          new Derived(
              "user_day_language_xp", List.of("local_date", "language_id"),
              "select local_date, language_id, sum(xp)::bigint as xp from rebuild_daily group by 1, 2"),
          // per time of day first (a cheap cast), then the 24 hours
          new Derived(
              "user_hour_xp", List.of("local_hour"),
              "select extract(hour from t)::smallint as local_hour, sum(xp)::bigint as xp from (select local_hour::time"
                  + " as t, sum(xp) as xp from rebuild_hourly group by 1) h group by 1"),
          new Derived(
              "user_utc_hour_xp", List.of("utc_hour", "language_id", "machine_id"),
              "select utc_hour, language_id, machine_id, sum(xp)::bigint as xp from rebuild_hourly group by 1, 2, 3"),
          new Derived(
              "user_language_local_hour_xp", List.of("language_id", "local_hour", "machine_id"),
              "select language_id, local_hour, machine_id, sum(xp)::bigint as xp from rebuild_hourly group by 1, 2,"
                  + " 3"));

  /**
   * Compares one user's aggregates with a recomputation from raw pulses.
   *
   * @return the number of aggregate rows that differ (0 when in step)
   */
  // one snapshot for the raw rows and the aggregates: XP committed between two reads would
  // otherwise look like drift while pulses arrive
  @Transactional(isolation = Isolation.REPEATABLE_READ)
  public long drift(long userId) {
    pulses.hourlyXpInto(HOURLY, userId);
    long differing = 0;
    for (var table : RECOMPUTED.entrySet()) {
      String stored = "select * from (" + table.getKey() + ") s";
      String recomputed = "select * from (" + RAW + table.getValue() + ") r";
      differing +=
          jdbc.sql(
              "select count(*) from ((" + stored + " except all " + recomputed + ") union all ("
                  + recomputed + " except all " + stored + ")) d")
              .param("u", userId)
              .query(Long.class)
              .single();
    }
    jdbc.sql("drop table rebuild_hourly").update();
    return differing;
  }

  /**
   * Writers of a user's aggregates hold a shared lock on the user until they commit, a rebuild
   * an exclusive one: the rebuild reads the raw XP only once the writers before it have
   * committed, and the writers after it wait, so no XP written meanwhile is lost. Users are
   * locked in id order, as everywhere, so lockers never deadlock.
   */
  private void lockUsers(long[] sortedUserIds, String lockFunction) {
    jdbc.sql(
        "select " + lockFunction + "(?, hashint8(u)) from unnest(?::bigint[]) with ordinality as t (u, i) order by i")
        .params(AGGREGATE_LOCK, sortedUserIds)
        .query((rs, i) -> 0)
        .list();
  }

  /** One user's raw XP (in hourly sums, which every aggregate is a sum of). */
  private static final String RAW =
      """
      with x as (select machine_id, local_hour as sent_at_local, utc_hour, language_id, xp as amount from rebuild_hourly)
      """;

  /** Each aggregate table's rows for user :u → the same rows recomputed from {@link #RAW}. */
  private static final Map<String, String> RECOMPUTED =
      Map.of(
          "select language_id, xp from user_language_xp where user_id = :u",
          "select language_id, sum(amount) from x group by 1",
          "select machine_id, xp from user_machine_xp where user_id = :u",
          "select machine_id, sum(amount) from x group by 1",
          "select local_date, language_id, xp from user_day_language_xp where user_id = :u",
          "select sent_at_local::date, language_id, sum(amount) from x group by 1, 2",
          "select local_hour, xp from user_hour_xp where user_id = :u",
          "select extract(hour from sent_at_local)::smallint, sum(amount) from x group by 1",
          "select utc_hour, language_id, machine_id, xp from user_utc_hour_xp where user_id = :u",
          "select utc_hour, language_id, machine_id, sum(amount) from x group by 1, 2, 3",
          "select language_id, local_hour, machine_id, xp from user_language_local_hour_xp where user_id = :u",
          "select language_id, sent_at_local, machine_id, sum(amount) from x group by 1, 2, 3");

  /** A sum's columns: user, id (language, machine or hour), then the date if {@code withDate}, and XP. */
  private static void addColumns(List<Object> params, Map<Key, Long> sums, boolean withDate) {
    int n = sums.size();
    long[] users = new long[n];
    long[] ids = new long[n];
    String[] dates = new String[n];
    long[] xp = new long[n];
    int i = 0;
    for (var sum : sums.entrySet()) {
      users[i] = sum.getKey().userId();
      ids[i] = sum.getKey().id();
      if (withDate) {
        dates[i] = sum.getKey().date().toString();
      }
      xp[i] = sum.getValue();
      i++;
    }
    params.add(users);
    params.add(ids);
    if (withDate) {
      params.add(dates);
    }
    params.add(xp);
  }

  private static void addUtcHourColumns(List<Object> params, Collection<XpEntry> entries) {
    var sums = new TreeMap<HourKey, Long>();
    for (XpEntry e : entries) {
      var hour = e.sentAt().truncatedTo(ChronoUnit.HOURS);
      sums.merge(new HourKey(e.userId(), hour, e.languageId(), e.machineId()), (long) e.amount(), Long::sum);
    }
    int n = sums.size();
    long[] users = new long[n];
    String[] hours = new String[n];
    long[] languages = new long[n];
    long[] machines = new long[n];
    long[] xp = new long[n];
    int i = 0;
    for (var sum : sums.entrySet()) {
      users[i] = sum.getKey().userId();
      hours[i] = sum.getKey().hour().toString();
      languages[i] = sum.getKey().languageId();
      machines[i] = sum.getKey().machineId();
      xp[i] = sum.getValue();
      i++;
    }
    params.addAll(List.of(users, hours, languages, machines, xp));
  }

  /** XP per language × local hour × machine, for the language pages; rows in key order as everywhere. */
  private static void addLanguageHourColumns(List<Object> params, Collection<XpEntry> entries) {
    record LanguageHour(long userId, long languageId, LocalDateTime hour, long machineId) {}
    var sums = new TreeMap<LanguageHour, Long>(
        Comparator.comparingLong(LanguageHour::userId)
            .thenComparingLong(LanguageHour::languageId)
            .thenComparing(LanguageHour::hour)
            .thenComparingLong(LanguageHour::machineId));
    for (XpEntry e : entries) {
      var key = new LanguageHour(e.userId(), e.languageId(), e.sentAtLocal().truncatedTo(ChronoUnit.HOURS),
          e.machineId());
      sums.merge(key, (long) e.amount(), Long::sum);
    }
    int n = sums.size();
    long[] users = new long[n];
    long[] languages = new long[n];
    String[] hours = new String[n];
    long[] machines = new long[n];
    long[] xp = new long[n];
    int i = 0;
    for (var sum : sums.entrySet()) {
      users[i] = sum.getKey().userId();
      languages[i] = sum.getKey().languageId();
      hours[i] = sum.getKey().hour().toString();
      machines[i] = sum.getKey().machineId();
      xp[i] = sum.getValue();
      i++;
    }
    params.addAll(List.of(users, languages, hours, machines, xp));
  }

  private static Map<Key, Long> sum(Collection<XpEntry> entries, Function<XpEntry, Key> key) {
    var sums = new TreeMap<Key, Long>();
    for (XpEntry entry : entries) {
      sums.merge(key.apply(entry), (long) entry.amount(), Long::sum);
    }
    return sums;
  }

  /** A UTC-hour row's key, in the table's primary-key order. */
  private record HourKey(long userId, Instant hour, long languageId, long machineId)
      implements
        Comparable<HourKey> {
    private static final Comparator<HourKey> ORDER =
        Comparator.comparingLong(HourKey::userId)
            .thenComparing(HourKey::hour)
            .thenComparingLong(HourKey::languageId)
            .thenComparingLong(HourKey::machineId);

    @Override
    public int compareTo(HourKey other) {
      return ORDER.compare(this, other);
    }
  }

  /** An aggregate row's key: user, then date (if any), then language, machine or hour. */
  private record Key(long userId, long id, LocalDate date) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int c = Long.compare(userId, other.userId);
      if (c == 0) {
        c = date == null ? 0 : date.compareTo(other.date);
      }
      return c != 0 ? c : Long.compare(id, other.id);
    }
  }
}
