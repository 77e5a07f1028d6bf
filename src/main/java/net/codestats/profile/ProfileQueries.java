package net.codestats.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import net.codestats.account.User;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a profile from the aggregates; only the last 12 hours come from raw pulses (an
 * index range of bounded size), so a heavy user costs no more than a light one.
 */
@Component
class ProfileQueries {

  static final Duration RECENT = Duration.ofHours(12);

  private final JdbcClient jdbc;
  private final Clock clock;

  ProfileQueries(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  PublicProfile publicProfile(User user) {
    OffsetDateTime recentSince = OffsetDateTime.now(clock).minus(RECENT).withOffsetSameInstant(ZoneOffset.UTC);

    Map<String, PublicProfile.Xp> languages = new LinkedHashMap<>();
    jdbc.sql(
            """
            select l.name, a.xp, coalesce(r.xp, 0) as new_xp
            from user_language_xp a
            join languages l on l.id = a.language_id
            left join (
              select x.language_id, sum(x.amount) as xp
              from pulses p join xps x on x.pulse_id = p.id
              where p.user_id = :user and p.sent_at >= :since
              group by x.language_id) r on r.language_id = a.language_id
            where a.user_id = :user
            order by a.xp desc, l.name""")
        .param("user", user.id())
        .param("since", recentSince)
        .query(
            rs -> {
              languages.put(
                  rs.getString("name"), new PublicProfile.Xp(rs.getLong("xp"), rs.getLong("new_xp")));
            });

    Map<String, PublicProfile.Xp> machines = new LinkedHashMap<>();
    jdbc.sql(
            """
            select m.name, a.xp, coalesce(r.xp, 0) as new_xp
            from user_machine_xp a
            join machines m on m.id = a.machine_id and m.active
            left join (
              select p.machine_id, sum(x.amount) as xp
              from pulses p join xps x on x.pulse_id = p.id
              where p.user_id = :user and p.sent_at >= :since
              group by p.machine_id) r on r.machine_id = a.machine_id
            where a.user_id = :user
            order by a.xp desc, m.name""")
        .param("user", user.id())
        .param("since", recentSince)
        .query(
            rs -> {
              machines.put(
                  rs.getString("name"), new PublicProfile.Xp(rs.getLong("xp"), rs.getLong("new_xp")));
            });

    Map<String, Long> dates = new LinkedHashMap<>();
    jdbc.sql(
            """
            select local_date, sum(xp) as xp from user_day_language_xp
            where user_id = ? group by local_date order by local_date""")
        .param(user.id())
        .query(rs -> {
          dates.put(rs.getDate("local_date").toLocalDate().toString(), rs.getLong("xp"));
        });

    long total = languages.values().stream().mapToLong(PublicProfile.Xp::xps).sum();
    long recent = languages.values().stream().mapToLong(PublicProfile.Xp::newXps).sum();
    return new PublicProfile(user.username(), total, recent, machines, languages, dates);
  }
}
