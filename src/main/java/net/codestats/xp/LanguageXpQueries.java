package net.codestats.xp;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Pulses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a language page reads: one user's XP in one language per local date, machine and hour
 * of day, from the per-language hourly aggregate (one index range of that language's rows),
 * and its XP since an instant by the same algorithm as the profile's recent XP (whole UTC
 * hours from the aggregate, the partial first hour from raw pulses).
 *
 * <p>Every query takes the machines to leave out (empty: none), so that machines hidden from
 * the public are out of every figure a visitor sees.
 */
@Service
public class LanguageXpQueries {

  private final JdbcClient jdbc;
  private final Pulses pulses;
  private final Machines machines;

  LanguageXpQueries(JdbcClient jdbc, Pulses pulses, Machines machines) {
    this.jdbc = jdbc;
    this.pulses = pulses;
    this.machines = machines;
  }

  /** @param xp XP on that local date */
  public record DayXp(LocalDate date, long xp) {}

  /** @param name the machine's name (active machines only, as on the profile) */
  public record MachineXp(long machineId, String name, long xp) {}

  /**
   * One user's figures in one language.
   *
   * @param xp all-time XP in the language
   * @param recentXp the part of it since the instant asked for
   * @param firstDay the first local date with XP in it
   * @param lastDay the last local date with XP in it
   * @param userTotalXp the user's XP in all languages (the same machines left out)
   * @param days every local date with XP in the language, oldest first
   * @param machines XP per active machine, most first, then by name
   * @param hours XP per local hour of day, index 0..23
   */
  public record LanguageStats(
      long xp,
      long recentXp,
      LocalDate firstDay,
      LocalDate lastDay,
      long userTotalXp,
      List<DayXp> days,
      List<MachineXp> machines,
      List<Long> hours) {}

  /**
   * The user's figures in the language (the id it counts under), or empty when the user has no
   * XP in it (once {@code excludedMachineIds} are left out).
   */
  @Transactional(readOnly = true)
  public Optional<LanguageStats> stats(long userId, long languageId, Instant recentSince,
      Set<Long> excludedMachineIds) {
    long[] excluded = ids(excludedMachineIds);
    List<DayXp> days = new ArrayList<>();
    Map<Long, Long> byMachine = new HashMap<>();
    long[] hours = new long[24];
    // one pass over the language's rows, three groupings
    jdbc.sql(
        """
            select local_hour::date as date, machine_id, extract(hour from local_hour)::int as hour, sum(xp) as xp,
                   grouping(local_hour::date) as no_date, grouping(machine_id) as no_machine
            from user_language_local_hour_xp
            where user_id = ? and language_id = ? and not (machine_id = any(?))
            group by grouping sets ((local_hour::date), (machine_id), (extract(hour from local_hour)::int))
            order by 1""")
        .params(userId, languageId, excluded)
        .query(rs -> {
          long xp = rs.getLong("xp");
          if (rs.getInt("no_date") == 0) {
            days.add(new DayXp(rs.getObject("date", LocalDate.class), xp));
          } else if (rs.getInt("no_machine") == 0) {
            byMachine.put(rs.getLong("machine_id"), xp);
          } else {
            hours[rs.getInt("hour")] = xp;
          }
        });
    long total = days.stream().mapToLong(DayXp::xp).sum();
    if (total <= 0) {
      return Optional.empty();
    }
    List<DayXp> withXp = days.stream().filter(d -> d.xp() > 0).toList();
    List<MachineXp> active = new ArrayList<>();
    for (Machine machine : machines.list(userId)) {
      Long xp = byMachine.get(machine.id());
      if (machine.active() && xp != null && xp > 0) {
        active.add(new MachineXp(machine.id(), machine.name(), xp));
      }
    }
    active.sort(Comparator.comparingLong(MachineXp::xp).reversed().thenComparing(MachineXp::name));
    long userTotal =
        jdbc.sql("select coalesce(sum(xp), 0) from user_machine_xp where user_id = ? and not (machine_id = any(?))")
            .params(userId, excluded)
            .query(Long.class)
            .single();
    return Optional.of(
        new LanguageStats(
            total,
            xpSince(userId, languageId, recentSince, excludedMachineIds),
            withXp.getFirst().date(),
            withXp.getLast().date(),
            userTotal,
            List.copyOf(withXp),
            List.copyOf(active),
            Arrays.stream(hours).boxed().toList()));
  }

  /**
   * The user's XP in the language at or after {@code since}: whole UTC hours from the per-hour
   * aggregate, the partial first hour from raw pulses (as {@link XpQueries} does for profiles).
   */
  @Transactional(readOnly = true)
  public long xpSince(long userId, long languageId, Instant since, Set<Long> excludedMachineIds) {
    Instant hour = XpQueries.nextWholeHour(since);
    long xp =
        jdbc.sql(
            """
                select coalesce(sum(xp), 0) from user_utc_hour_xp
                where user_id = ? and utc_hour >= ? and language_id = ? and not (machine_id = any(?))""")
            .params(userId, Timestamp.from(hour), languageId, ids(excludedMachineIds))
            .query(Long.class)
            .single();
    if (since.isBefore(hour)) {
      for (var partial : pulses.xpBetween(userId, since, hour)) {
        if (partial.languageId() == languageId && !excludedMachineIds.contains(partial.machineId())) {
          xp += partial.xp();
        }
      }
    }
    return xp;
  }

  private static long[] ids(Set<Long> machineIds) {
    return machineIds.stream().mapToLong(Long::longValue).toArray();
  }
}
