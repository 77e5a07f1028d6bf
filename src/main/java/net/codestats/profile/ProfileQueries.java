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

    Map<String, PublicProfile.Xp> languages =
        xpByName(
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
            order by a.xp desc, l.name""",
            user,
            recentSince);
    Map<String, PublicProfile.Xp> machines =
        xpByName(
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
            order by a.xp desc, m.name""",
            user,
            recentSince);

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

  /** Runs a query of (name, xp, new_xp) rows for one user into an ordered map. */
  private Map<String, PublicProfile.Xp> xpByName(String sql, User user, OffsetDateTime since) {
    Map<String, PublicProfile.Xp> result = new LinkedHashMap<>();
    jdbc.sql(sql)
        .param("user", user.id())
        .param("since", since)
        .query(
            rs -> {
              result.put(rs.getString("name"), new PublicProfile.Xp(rs.getLong("xp"), rs.getLong("new_xp")));
            });
    return result;
  }
}
