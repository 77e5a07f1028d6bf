package net.codestats.xp;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.codestats.machine.Machine;
import net.codestats.machine.MachineXpTotals;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Pulses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What profiles, the GraphQL API and the machine pages read: a user's XP per language,
 * machine, date and hour, all time or since an instant, from the aggregates.
 *
 * <p>XP "since an instant" (also a profile's recent XP) has one algorithm: whole UTC hours
 * from the per-hour aggregate, and only the partial first hour from raw pulses, so no query
 * scans a user's whole history. Names are the languages' display names and the machines'
 * names; machine figures count active machines only.
 */
@Service
public class XpQueries implements MachineXpTotals {

  private static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

  private final JdbcClient jdbc;
  private final Pulses pulses;
  private final Languages languages;
  private final Machines machines;

  XpQueries(JdbcClient jdbc, Pulses pulses, Languages languages, Machines machines) {
    this.jdbc = jdbc;
    this.pulses = pulses;
    this.languages = languages;
    this.machines = machines;
  }

  public record NameXp(String name, long xp) {}

  /** @param recentXp the part of {@code xp} since the instant asked for */
  public record NameTotal(String name, long xp, long recentXp) {}

  public record DateXp(LocalDate date, long xp) {}

  public record DayLanguageXp(LocalDate date, String language, long xp) {}

  /** @param day ISO day of week, 1 (Monday) to 7 */
  public record DowXp(int day, long xp) {}

  /** XP per language, most first; since an instant when {@code since} is not null. */
  @Transactional(readOnly = true)
  public List<NameXp> languages(long userId, Instant since) {
    Map<Long, Long> xp =
        since == null ? languageTotals(userId) : sinceBy(userId, since, Pulses.LanguageMachineXp::languageId);
    return named(xp, languages.names(xp.keySet()));
  }

  /** XP per active machine, most first; since an instant when {@code since} is not null. */
  @Transactional(readOnly = true)
  public List<NameXp> machines(long userId, Instant since) {
    Map<Long, Long> xp =
        since == null ? xpByMachine(userId) : sinceBy(userId, since, Pulses.LanguageMachineXp::machineId);
    return named(xp, activeMachineNames(userId));
  }

  /**
   * A profile's totals per language and per active machine, most first, each with the part
   * since {@code recentSince}: one read of each aggregate and of the partial hour.
   */
  public record Totals(List<NameTotal> languages, List<NameTotal> machines) {}

  @Transactional(readOnly = true)
  public Totals totalsWithRecent(long userId, Instant recentSince) {
    return totalsWithRecent(userId, recentSince, HiddenShare.NONE);
  }

  /** Language id → XP (as counted, aliases resolved), every language the user has XP in. */
  public Map<Long, Long> xpByLanguage(long userId) {
    return languageTotals(userId);
  }

  /** Everyone's XP and how many users have XP in each of these (counted) languages. */
  public record LanguageUse(long xp, long users) {}

  @Transactional(readOnly = true)
  public Map<Long, LanguageUse> languageUse(Collection<Long> languageIds) {
    Map<Long, LanguageUse> use = new HashMap<>();
    if (languageIds.isEmpty()) {
      return use;
    }
    jdbc.sql(
        """
            select language_id, sum(xp) as xp, count(*) as users from user_language_xp
            where language_id = any(?) and xp > 0 group by language_id""")
        .param(languageIds.stream().mapToLong(Long::longValue).toArray())
        .query(rs -> {
          use.put(rs.getLong("language_id"), new LanguageUse(rs.getLong("xp"), rs.getLong("users")));
        });
    return use;
  }

  /** Machine id → XP, all machines (also inactive ones). */
  @Override
  public Map<Long, Long> xpByMachine(long userId) {
    var xp = new HashMap<Long, Long>();
    jdbc.sql("select machine_id, xp from user_machine_xp where user_id = ?")
        .param(userId)
        .query(rs -> {
          xp.put(rs.getLong("machine_id"), rs.getLong("xp"));
        });
    return xp;
  }

  @Override
  public String levelText(long xp) {
    return "Level " + LevelMaths.level(xp) + " (" + LevelMaths.thousands(xp) + " XP)";
  }

  /** XP per local date from {@code since} (all when null), oldest first. */
  public List<DateXp> dates(long userId, LocalDate since) {
    return jdbc.sql(
        """
            select local_date as date, sum(xp) as xp from user_day_language_xp
            where user_id = ? and local_date >= ? group by local_date order by local_date""")
        .params(userId, orEpoch(since))
        .query(DateXp.class)
        .list();
  }

  /** XP per local date, all of them (also before 1970, which imports may hold), oldest first. */
  public List<DateXp> allDates(long userId) {
    return jdbc.sql(
        """
            select local_date as date, sum(xp) as xp from user_day_language_xp
            where user_id = ? group by local_date order by local_date""")
        .param(userId)
        .query(DateXp.class)
        .list();
  }

  /** XP per local date and language from {@code since} (all when null), by date, then most first. */
  public List<DayLanguageXp> dayLanguageXps(long userId, LocalDate since) {
    record Row(LocalDate date, long languageId, long xp) {}
    List<Row> rows =
        jdbc.sql(
            """
                select local_date as date, language_id, xp from user_day_language_xp
                where user_id = ? and local_date >= ?""")
            .params(userId, orEpoch(since))
            .query(Row.class)
            .list();
    Map<Long, String> names = languages.names(rows.stream().map(Row::languageId).distinct().toList());
    return rows.stream()
        .map(r -> new DayLanguageXp(r.date(), names.get(r.languageId()), r.xp()))
        .sorted(
            Comparator.comparing(DayLanguageXp::date)
                .thenComparing(Comparator.comparingLong(DayLanguageXp::xp).reversed())
                .thenComparing(DayLanguageXp::language, XpQueries::byCodePoints))
        .toList();
  }

  /** XP per ISO day of week from {@code since} (all when null). */
  public List<DowXp> dayOfWeekXps(long userId, LocalDate since) {
    return jdbc.sql(
        """
            select extract(isodow from local_date)::int as day, sum(xp) as xp from user_day_language_xp
            where user_id = ? and local_date >= ? group by 1 order by 1""")
        .params(userId, orEpoch(since))
        .query(DowXp.class)
        .list();
  }

  /** Keys "1".."366": every year folded onto a leap year, so 1 March is always day 61. */
  public Map<String, Long> dayOfYearXps(long userId) {
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
  public Map<String, Long> hourOfDayXps(long userId) {
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

  /** The last local date with XP. */
  public Optional<LocalDate> lastProgrammed(long userId) {
    return jdbc.sql("select max(local_date) from user_day_language_xp where user_id = ?")
        .param(userId)
        .query(LocalDate.class)
        .optional();
  }

  // ---- The public view: the same figures without what the user hides (see HiddenShare). ----

  /**
   * What {@code hidden} takes out of the user's figures, read once (from the hidden items' raw
   * pulses) for the overloads below that take it; {@link HiddenShare#NONE} when nothing is.
   */
  @Transactional(readOnly = true)
  public HiddenShare hiddenShare(long userId, HiddenItems hidden) {
    if (hidden.isEmpty()) {
      return HiddenShare.NONE;
    }
    return new HiddenShare(hidden, pulses.hourlyXpOf(userId, hidden.machineIdArray(), hidden.languageIdArray()));
  }

  /** {@link #languages(long, Instant)} without the hidden share. */
  @Transactional(readOnly = true)
  public List<NameXp> languages(long userId, Instant since, HiddenShare share) {
    if (share.isEmpty()) {
      return languages(userId, since);
    }
    Map<Long, Long> xp =
        since == null
            ? minus(languageTotals(userId), share.byLanguage)
            : sinceBy(userId, since, share.items(), Pulses.LanguageMachineXp::languageId);
    return named(xp, languages.names(xp.keySet()));
  }

  /** {@link #machines(long, Instant)} without the hidden share: hidden machines are not listed. */
  @Transactional(readOnly = true)
  public List<NameXp> machines(long userId, Instant since, HiddenShare share) {
    if (share.isEmpty()) {
      return machines(userId, since);
    }
    Map<Long, Long> xp =
        since == null
            ? minus(xpByMachine(userId), share.byMachine)
            : sinceBy(userId, since, share.items(), Pulses.LanguageMachineXp::machineId);
    share.items().machineIds().forEach(xp::remove);
    return named(xp, activeMachineNames(userId));
  }

  /** {@link #totalsWithRecent(long, Instant)} without the hidden share. */
  @Transactional(readOnly = true)
  public Totals totalsWithRecent(long userId, Instant recentSince, HiddenShare share) {
    HiddenItems hidden = share.items();
    Map<Long, Long> byLanguage = minus(languageTotals(userId), share.byLanguage);
    Map<Long, Long> byMachine = minus(xpByMachine(userId), share.byMachine);
    hidden.machineIds().forEach(byMachine::remove);
    Map<Long, Long> recentByLanguage = new HashMap<>();
    Map<Long, Long> recentByMachine = new HashMap<>();
    for (var recent : since(userId, recentSince)) {
      if (!hidden.hides(recent.machineId(), recent.languageId())) {
        recentByLanguage.merge(recent.languageId(), recent.xp(), Long::sum);
        recentByMachine.merge(recent.machineId(), recent.xp(), Long::sum);
      }
    }
    var languageIds = new HashSet<>(byLanguage.keySet());
    languageIds.addAll(recentByLanguage.keySet());
    Map<Long, String> languageNames = languages.names(languageIds);
    Map<Long, String> machineNames = activeMachineNames(userId);
    return new Totals(
        withRecent(named(byLanguage, languageNames), named(recentByLanguage, languageNames)),
        withRecent(named(byMachine, machineNames), named(recentByMachine, machineNames)));
  }

  /** {@link #dates(long, LocalDate)} without the hidden share. */
  public List<DateXp> dates(long userId, LocalDate since, HiddenShare share) {
    return share.isEmpty() ? dates(userId, since) : minusDates(dates(userId, since), share);
  }

  /** {@link #allDates(long)} without the hidden share. */
  public List<DateXp> allDates(long userId, HiddenShare share) {
    return share.isEmpty() ? allDates(userId) : minusDates(allDates(userId), share);
  }

  /** {@link #dayLanguageXps(long, LocalDate)} without the hidden share. */
  public List<DayLanguageXp> dayLanguageXps(long userId, LocalDate since, HiddenShare share) {
    if (share.isEmpty()) {
      return dayLanguageXps(userId, since);
    }
    record Row(LocalDate date, long languageId, long xp) {}
    List<Row> rows =
        jdbc.sql(
            """
                select local_date as date, language_id, xp from user_day_language_xp
                where user_id = ? and local_date >= ?""")
            .params(userId, orEpoch(since))
            .query(Row.class)
            .list()
            .stream()
            .map(r -> new Row(
                r.date(),
                r.languageId(),
                r.xp() - share.byDateLanguage.getOrDefault(new HiddenShare.DateLanguage(r.date(), r.languageId()), 0L)))
            .filter(r -> r.xp() > 0 && !share.items().hidesLanguage(r.languageId()))
            .toList();
    Map<Long, String> names = languages.names(rows.stream().map(Row::languageId).distinct().toList());
    return rows.stream()
        .map(r -> new DayLanguageXp(r.date(), names.get(r.languageId()), r.xp()))
        .sorted(
            Comparator.comparing(DayLanguageXp::date)
                .thenComparing(Comparator.comparingLong(DayLanguageXp::xp).reversed())
                .thenComparing(DayLanguageXp::language, XpQueries::byCodePoints))
        .toList();
  }

  /** {@link #dayOfWeekXps(long, LocalDate)} without the hidden share. */
  public List<DowXp> dayOfWeekXps(long userId, LocalDate since, HiddenShare share) {
    if (share.isEmpty()) {
      return dayOfWeekXps(userId, since);
    }
    long[] days = new long[8];
    dates(userId, since, share).forEach(d -> days[d.date().getDayOfWeek().getValue()] += d.xp());
    List<DowXp> result = new ArrayList<>();
    for (int day = 1; day <= 7; day++) {
      if (days[day] > 0) {
        result.add(new DowXp(day, days[day]));
      }
    }
    return result;
  }

  /** {@link #dayOfYearXps(long)} without the hidden share. */
  public Map<String, Long> dayOfYearXps(long userId, HiddenShare share) {
    if (share.isEmpty()) {
      return dayOfYearXps(userId);
    }
    long[] days = new long[367];
    allDates(userId, share)
        .forEach(d -> days[LocalDate.of(2000, d.date().getMonth(), d.date().getDayOfMonth()).getDayOfYear()] += d.xp());
    Map<String, Long> result = new LinkedHashMap<>();
    for (int day = 1; day <= 366; day++) {
      result.put(Integer.toString(day), days[day]);
    }
    return result;
  }

  /** {@link #hourOfDayXps(long)} without the hidden share. */
  public Map<String, Long> hourOfDayXps(long userId, HiddenShare share) {
    Map<String, Long> hours = hourOfDayXps(userId);
    if (!share.isEmpty()) {
      for (int hour = 0; hour < 24; hour++) {
        hours.put(Integer.toString(hour), Math.max(0, hours.get(Integer.toString(hour)) - share.byHour[hour]));
      }
    }
    return hours;
  }

  /** {@link #lastProgrammed(long)} without the hidden share: the last date with public XP. */
  public Optional<LocalDate> lastProgrammed(long userId, HiddenShare share) {
    if (share.isEmpty()) {
      return lastProgrammed(userId);
    }
    List<DateXp> dates = allDates(userId, share);
    return dates.isEmpty() ? Optional.empty() : Optional.of(dates.getLast().date());
  }

  /** The ids of the languages the user has XP in, by display name: what they can hide. */
  public Map<String, Long> languageIds(long userId) {
    Map<Long, String> names = languages.names(languageTotals(userId).keySet());
    Map<String, Long> ids = new HashMap<>();
    names.forEach((id, name) -> ids.put(name, id));
    return ids;
  }

  /** Aggregate minus share; a key the share took to zero (or below) is left out. */
  private static Map<Long, Long> minus(Map<Long, Long> aggregate, Map<Long, Long> share) {
    var result = new HashMap<Long, Long>();
    aggregate.forEach((id, xp) -> {
      long left = xp - share.getOrDefault(id, 0L);
      if (left > 0 || (left == 0 && !share.containsKey(id))) {
        result.put(id, left);
      }
    });
    return result;
  }

  private static List<DateXp> minusDates(List<DateXp> dates, HiddenShare share) {
    return dates.stream()
        .map(d -> new DateXp(d.date(), d.xp() - share.byDate.getOrDefault(d.date(), 0L)))
        .filter(d -> d.xp() > 0)
        .toList();
  }

  private Map<Long, Long> sinceBy(
      long userId, Instant since, HiddenItems hidden, Function<Pulses.LanguageMachineXp, Long> key) {
    var xp = new HashMap<Long, Long>();
    for (var row : since(userId, since)) {
      if (!hidden.hides(row.machineId(), row.languageId())) {
        xp.merge(key.apply(row), row.xp(), Long::sum);
      }
    }
    return xp;
  }

  static Instant nextWholeHour(Instant since) {
    Instant hour = since.truncatedTo(ChronoUnit.HOURS);
    return hour.isBefore(since) ? hour.plus(1, ChronoUnit.HOURS) : hour;
  }

  private Map<Long, Long> languageTotals(long userId) {
    var xp = new HashMap<Long, Long>();
    jdbc.sql("select language_id, xp from user_language_xp where user_id = ?")
        .param(userId)
        .query(rs -> {
          xp.put(rs.getLong("language_id"), rs.getLong("xp"));
        });
    return xp;
  }

  private Map<Long, Long> sinceBy(long userId, Instant since, Function<Pulses.LanguageMachineXp, Long> key) {
    var xp = new HashMap<Long, Long>();
    for (var row : since(userId, since)) {
      xp.merge(key.apply(row), row.xp(), Long::sum);
    }
    return xp;
  }

  /**
   * XP since an instant per language and machine: whole UTC hours from the per-hour
   * aggregate, the partial first hour from raw pulses.
   */
  private List<Pulses.LanguageMachineXp> since(long userId, Instant since) {
    Instant hour = nextWholeHour(since);
    var rows =
        new ArrayList<>(
            jdbc.sql(
                """
                    select language_id, machine_id, sum(xp) as xp from user_utc_hour_xp
                    where user_id = ? and utc_hour >= ? group by 1, 2""")
                .params(userId, Timestamp.from(hour))
                .query((rs, i) -> new Pulses.LanguageMachineXp(rs.getLong("language_id"), rs.getLong("machine_id"),
                    rs.getLong("xp")))
                .list());
    if (since.isBefore(hour)) {
      rows.addAll(pulses.xpBetween(userId, since, hour));
    }
    return rows;
  }

  private Map<Long, String> activeMachineNames(long userId) {
    Map<Long, String> names = new HashMap<>();
    for (Machine machine : machines.list(userId)) {
      if (machine.active()) {
        names.put(machine.id(), machine.name());
      }
    }
    return names;
  }

  /** Named rows (ids without a name are left out), most XP first, then by name. */
  private static List<NameXp> named(Map<Long, Long> xp, Map<Long, String> names) {
    var rows = new ArrayList<NameXp>(xp.size());
    xp.forEach(
        (id, amount) -> {
          String name = names.get(id);
          if (name != null) {
            rows.add(new NameXp(name, amount));
          }
        });
    rows.sort(Comparator.comparingLong(NameXp::xp).reversed().thenComparing(NameXp::name, XpQueries::byCodePoints));
    return rows;
  }

  private static List<NameTotal> withRecent(List<NameXp> totals, List<NameXp> recent) {
    Map<String, Long> recentByName = new HashMap<>();
    recent.forEach(r -> recentByName.put(r.name(), r.xp()));
    return totals.stream().map(t -> new NameTotal(t.name(), t.xp(), recentByName.getOrDefault(t.name(), 0L))).toList();
  }

  /** The database's order of names (collation C: by code point). */
  private static int byCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static LocalDate orEpoch(LocalDate since) {
    return since == null ? EPOCH : since;
  }
}
