package net.codestats.profile;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The profile's statistics, all from the per-user aggregates. Queries "since an instant" read
 * whole UTC hours from the per-hour aggregate and only the partial first hour from raw pulses,
 * so no query scans a user's whole history.
 */
@Component
class ProfileStats {

  private final JdbcClient jdbc;

  ProfileStats(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record NameXp(String name, long xp) {}

  record DateXp(LocalDate date, long xp) {}

  record DayLanguageXp(LocalDate date, String language, long xp) {}

  record DowXp(int day, long xp) {}

  List<NameXp> languages(long userId, Instant since) {
    if (since == null) {
      return jdbc.sql(
              """
              select l.name, a.xp from user_language_xp a join languages l on l.id = a.language_id
              where a.user_id = ? order by a.xp desc, l.name""")
          .param(userId)
          .query(NameXp.class)
          .list();
    }
    return jdbc.sql(
            """
            select l.name, sum(s.xp) as xp from (
              select language_id, sum(xp) as xp from user_utc_hour_xp
              where user_id = :user and utc_hour >= :hour group by language_id
              union all
              select x.language_id, sum(x.amount) from pulses p join xps x on x.pulse_id = p.id
              where p.user_id = :user and p.sent_at >= :since and p.sent_at < :hour group by x.language_id
            ) s join languages l on l.id = s.language_id
            group by l.id, l.name order by xp desc, l.name""")
        .param("user", userId)
        .param("since", Timestamp.from(since))
        .param("hour", Timestamp.from(nextWholeHour(since)))
        .query(NameXp.class)
        .list();
  }

  /** Active machines only. */
  List<NameXp> machines(long userId, Instant since) {
    if (since == null) {
      return jdbc.sql(
              """
              select m.name, a.xp from user_machine_xp a join machines m on m.id = a.machine_id and m.active
              where a.user_id = ? order by a.xp desc, m.name""")
          .param(userId)
          .query(NameXp.class)
          .list();
    }
    return jdbc.sql(
            """
            select m.name, sum(s.xp) as xp from (
              select machine_id, sum(xp) as xp from user_utc_hour_xp
              where user_id = :user and utc_hour >= :hour group by machine_id
              union all
              select p.machine_id, sum(x.amount) from pulses p join xps x on x.pulse_id = p.id
              where p.user_id = :user and p.sent_at >= :since and p.sent_at < :hour group by p.machine_id
            ) s join machines m on m.id = s.machine_id and m.active
            group by m.id, m.name order by xp desc, m.name""")
        .param("user", userId)
        .param("since", Timestamp.from(since))
        .param("hour", Timestamp.from(nextWholeHour(since)))
        .query(NameXp.class)
        .list();
  }

  List<DateXp> dates(long userId, LocalDate since) {
    return jdbc.sql(
            """
            select local_date as date, sum(xp) as xp from user_day_language_xp
            where user_id = ? and local_date >= ? group by local_date order by local_date""")
        .params(userId, orEpoch(since))
        .query(DateXp.class)
        .list();
  }

  List<DayLanguageXp> dayLanguageXps(long userId, LocalDate since) {
    return jdbc.sql(
            """
            select d.local_date as date, l.name as language, d.xp
            from user_day_language_xp d join languages l on l.id = d.language_id
            where d.user_id = ? and d.local_date >= ? order by d.local_date, d.xp desc, l.name""")
        .params(userId, orEpoch(since))
        .query(DayLanguageXp.class)
        .list();
  }

  List<DowXp> dayOfWeekXps(long userId, LocalDate since) {
    return jdbc.sql(
            """
            select extract(isodow from local_date)::int as day, sum(xp) as xp from user_day_language_xp
            where user_id = ? and local_date >= ? group by 1 order by 1""")
        .params(userId, orEpoch(since))
        .query(DowXp.class)
        .list();
  }

  /** Keys "1".."366": every year folded onto a leap year, so 1 March is always day 61. */
  Map<String, Long> dayOfYearXps(long userId) {
    long[] days = new long[367];
    jdbc.sql(
            """
            select extract(month from local_date)::int as m, extract(day from local_date)::int as d, sum(xp) as xp
            from user_day_language_xp where user_id = ? group by 1, 2""")
        .param(userId)
        .query(
            rs -> {
              int day = LocalDate.of(2000, rs.getInt("m"), rs.getInt("d")).getDayOfYear();
              days[day] += rs.getLong("xp");
            });
    Map<String, Long> result = new LinkedHashMap<>();
    for (int day = 1; day <= 366; day++) {
      result.put(Integer.toString(day), days[day]);
    }
    return result;
  }

  /** Keys "0".."23": local hour of day. */
  Map<String, Long> hourOfDayXps(long userId) {
    long[] hours = new long[24];
    jdbc.sql("select local_hour, xp from user_hour_xp where user_id = ?")
        .param(userId)
        .query(rs -> {
          hours[rs.getInt("local_hour")] = rs.getLong("xp");
        });
    Map<String, Long> result = new LinkedHashMap<>();
    for (int hour = 0; hour < 24; hour++) {
      result.put(Integer.toString(hour), hours[hour]);
    }
    return result;
  }

  Optional<LocalDate> lastProgrammed(long userId) {
    return jdbc.sql("select max(local_date) from user_day_language_xp where user_id = ?")
        .param(userId)
        .query(LocalDate.class)
        .optional();
  }

  /** The UTC offset (minutes) of the user's latest pulse: where "today" is for them. */
  Optional<Integer> latestOffsetMinutes(long userId) {
    return jdbc.sql("select tz_offset from pulses where user_id = ? order by sent_at desc limit 1")
        .param(userId)
        .query(Integer.class)
        .optional();
  }

  static Instant nextWholeHour(Instant since) {
    Instant hour = since.truncatedTo(ChronoUnit.HOURS);
    return hour.isBefore(since) ? hour.plus(1, ChronoUnit.HOURS) : hour;
  }

  private static LocalDate orEpoch(LocalDate since) {
    return since == null ? LocalDate.of(1970, 1, 1) : since;
  }
}
