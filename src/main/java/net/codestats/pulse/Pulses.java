package net.codestats.pulse;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
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

  /** The UTC offset (minutes) of the user's latest pulse. */
  public Optional<Integer> latestOffsetMinutes(long userId) {
    return jdbc.sql("select tz_offset from pulses where user_id = ? order by sent_at desc limit 1")
        .param(userId)
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
