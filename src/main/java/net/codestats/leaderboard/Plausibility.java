package net.codestats.leaderboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.codestats.pulse.Pulses;
import net.codestats.pulse.XpEntry;
import net.codestats.pulse.XpRewritten;
import net.codestats.pulse.XpWritten;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Plausibility before ranking: a user's XP per UTC minute (all machines together, future
 * times already clamped to "now" by the parser), and the part beyond the cap per UTC hour and
 * language, which the boards subtract. Kept in the writing transaction, like the aggregates,
 * so the two never disagree; recomputed from the raw pulses when the user's XP is rewritten.
 */
@Component
class Plausibility {

  private final JdbcClient jdbc;
  private final Pulses pulses;
  private final long cap;

  Plausibility(JdbcClient jdbc, Pulses pulses, LeaderboardSettings settings) {
    this.jdbc = jdbc;
    this.pulses = pulses;
    this.cap = settings.maxXpPerMinute();
  }

  private record Minute(long userId, Instant minute) {}

  private static final Comparator<Minute> ORDER =
      Comparator.comparingLong(Minute::userId).thenComparing(Minute::minute);

  private record Unranked(long userId, Instant hour, long languageId) {}

  @EventListener
  void xpWritten(XpWritten written) {
    // the batch per user and minute, each with its XP per language
    var added = new TreeMap<Minute, Map<Long, Long>>(ORDER);
    for (XpEntry e : written.entries()) {
      var minute = new Minute(e.userId(), e.sentAt().truncatedTo(ChronoUnit.MINUTES));
      added.computeIfAbsent(minute, m -> new LinkedHashMap<>()).merge(e.languageId(), (long) e.amount(), Long::sum);
    }
    if (added.isEmpty()) {
      return;
    }
    int n = added.size();
    long[] users = new long[n];
    String[] minutes = new String[n];
    long[] xp = new long[n];
    int i = 0;
    for (var m : added.entrySet()) {
      users[i] = m.getKey().userId();
      minutes[i] = m.getKey().minute().toString();
      xp[i] = m.getValue().values().stream().mapToLong(Long::longValue).sum();
      i++;
    }
    // rows are locked in key order (as the aggregates do), so writers of one user serialise
    // per minute and each sees the total before its own XP
    Map<Minute, Long> totals = new HashMap<>();
    jdbc.sql(
        """
            insert into leaderboard_minute_xp (user_id, minute, xp)
            select u, m, x from unnest(?::bigint[], ?::timestamptz[], ?::bigint[]) with ordinality as t (u, m, x, i)
            order by i
            on conflict (user_id, minute) do update set xp = leaderboard_minute_xp.xp + excluded.xp
            returning user_id, minute, xp""")
        .params(users, minutes, xp)
        .query(rs -> {
          totals.put(new Minute(rs.getLong("user_id"), rs.getTimestamp("minute").toInstant()), rs.getLong("xp"));
        });
    var unranked = new TreeMap<Unranked, Long>(
        Comparator.comparingLong(Unranked::userId).thenComparing(Unranked::hour)
            .thenComparingLong(Unranked::languageId));
    for (var m : added.entrySet()) {
      long batch = m.getValue().values().stream().mapToLong(Long::longValue).sum();
      Long total = totals.get(m.getKey());
      if (total == null) {
        continue; // not returned (cannot happen: every row inserted or updated is)
      }
      long excess = Math.max(0, total - cap) - Math.max(0, total - batch - cap);
      if (excess > 0) {
        Instant hour = m.getKey().minute().truncatedTo(ChronoUnit.HOURS);
        split(excess, m.getValue()).forEach(
            (language, amount) -> unranked.merge(new Unranked(m.getKey().userId(), hour, language), amount, Long::sum));
      }
    }
    addUnranked(unranked);
  }

  /**
   * Deleted or re-counted XP: the user's minutes and unranked XP again from the raw pulses. Runs
   * after the aggregates' listener, so under its exclusive lock on the user: no writer adds a
   * minute between the delete and the insert.
   */
  @EventListener
  void xpRewritten(XpRewritten rewritten) {
    long userId = rewritten.userId();
    jdbc.sql("delete from leaderboard_minute_xp where user_id = ?").param(userId).update();
    jdbc.sql("delete from leaderboard_unranked_xp where user_id = ?").param(userId).update();
    var byMinute = new LinkedHashMap<Instant, Map<Long, Long>>();
    for (var row : pulses.minutelyXp(userId)) {
      byMinute.computeIfAbsent(row.minute(), m -> new LinkedHashMap<>()).merge(row.languageId(), row.xp(), Long::sum);
    }
    int n = byMinute.size();
    long[] users = new long[n];
    String[] minutes = new String[n];
    long[] xp = new long[n];
    var unranked = new TreeMap<Unranked, Long>(
        Comparator.comparingLong(Unranked::userId).thenComparing(Unranked::hour)
            .thenComparingLong(Unranked::languageId));
    int i = 0;
    for (var m : byMinute.entrySet()) {
      long total = m.getValue().values().stream().mapToLong(Long::longValue).sum();
      users[i] = userId;
      minutes[i] = m.getKey().toString();
      xp[i] = total;
      i++;
      if (total > cap) {
        Instant hour = m.getKey().truncatedTo(ChronoUnit.HOURS);
        split(total - cap, m.getValue())
            .forEach((language, amount) -> unranked.merge(new Unranked(userId, hour, language), amount, Long::sum));
      }
    }
    jdbc.sql(
        """
            insert into leaderboard_minute_xp (user_id, minute, xp)
            select * from unnest(?::bigint[], ?::timestamptz[], ?::bigint[])""")
        .params(users, minutes, xp)
        .update();
    addUnranked(unranked);
  }

  /**
   * An excess split over the languages in proportion to their XP (largest remainders, so
   * the parts add up to it exactly); zero parts are left out.
   */
  static Map<Long, Long> split(long excess, Map<Long, Long> xpByLanguage) {
    long total = xpByLanguage.values().stream().mapToLong(Long::longValue).sum();
    var parts = new LinkedHashMap<Long, Long>();
    var remainders = new ArrayList<Map.Entry<Long, Long>>();
    long given = 0;
    for (var language : xpByLanguage.entrySet()) {
      // excess <= total <= a minute of capped pulses: the product stays far below 2^63
      long part = excess * language.getValue() / total;
      parts.put(language.getKey(), part);
      remainders.add(Map.entry(language.getKey(), excess * language.getValue() % total));
      given += part;
    }
    remainders.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
    for (int i = 0; given < excess; i++, given++) {
      parts.merge(remainders.get(i % remainders.size()).getKey(), 1L, Long::sum);
    }
    parts.values().removeIf(v -> v == 0);
    return parts;
  }

  private void addUnranked(TreeMap<Unranked, Long> unranked) {
    if (unranked.isEmpty()) {
      return;
    }
    int n = unranked.size();
    long[] users = new long[n];
    String[] hours = new String[n];
    long[] languages = new long[n];
    long[] xp = new long[n];
    int i = 0;
    for (var u : unranked.entrySet()) {
      users[i] = u.getKey().userId();
      hours[i] = u.getKey().hour().toString();
      languages[i] = u.getKey().languageId();
      xp[i] = u.getValue();
      i++;
    }
    jdbc.sql(
        """
            insert into leaderboard_unranked_xp (user_id, utc_hour, language_id, xp)
            select u, h, l, x from unnest(?::bigint[], ?::timestamptz[], ?::bigint[], ?::bigint[]) with ordinality as t (u, h, l, x, i)
            order by i
            on conflict (user_id, utc_hour, language_id) do update set xp = leaderboard_unranked_xp.xp + excluded.xp""")
        .params(users, hours, languages, xp)
        .update();
  }

  /** One user's unranked XP in one language, since an instant (all when null). */
  record UnrankedXp(long userId, long languageId, long xp) {}

  /** Everyone's unranked XP per user and language since a whole UTC hour (all time when null). */
  List<UnrankedXp> unrankedSince(Instant since) {
    return jdbc.sql(
        """
            select user_id, language_id, sum(xp) as xp from leaderboard_unranked_xp
            where cast(:since as timestamptz) is null or utc_hour >= :since
            group by 1, 2""")
        .param("since", since == null ? null : Timestamp.from(since))
        .query((rs, i) -> new UnrankedXp(rs.getLong("user_id"), rs.getLong("language_id"), rs.getLong("xp")))
        .list();
  }

  /** A user with unranked XP: how much, and the last hour it was in. */
  record Flagged(long userId, long unrankedXp, Instant lastHour) {}

  List<Flagged> flagged() {
    return jdbc.sql(
        """
            select user_id, sum(xp) as xp, max(utc_hour) as last_hour from leaderboard_unranked_xp
            group by user_id having sum(xp) > 0 order by max(utc_hour) desc, user_id""")
        .query(
            (rs, i) -> new Flagged(rs.getLong("user_id"), rs.getLong("xp"), rs.getTimestamp("last_hour").toInstant()))
        .list();
  }
}
