package net.codestats.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.User;
import net.codestats.xp.XpQueries;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a public profile from the XP module's aggregates; the XP of the last 12 hours is "XP
 * since an instant", the same algorithm as GraphQL's {@code since}.
 */
@Component
class ProfileQueries {

  static final Duration RECENT = Duration.ofHours(12);

  private final XpQueries xp;
  private final Clock clock;

  ProfileQueries(XpQueries xp, Clock clock) {
    this.xp = xp;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  PublicProfile publicProfile(User user) {
    Instant recentSince = clock.instant().minus(RECENT);
    XpQueries.Totals totals = xp.totalsWithRecent(user.id(), recentSince);
    Map<String, PublicProfile.Xp> languages = byName(totals.languages());
    Map<String, PublicProfile.Xp> machines = byName(totals.machines());
    Map<String, Long> dates = new LinkedHashMap<>();
    for (var date : xp.allDates(user.id())) {
      dates.put(date.date().toString(), date.xp());
    }
    long total = languages.values().stream().mapToLong(PublicProfile.Xp::xps).sum();
    long recent = languages.values().stream().mapToLong(PublicProfile.Xp::newXps).sum();
    return new PublicProfile(user.username(), total, recent, machines, languages, dates);
  }

  private static Map<String, PublicProfile.Xp> byName(List<XpQueries.NameTotal> rows) {
    Map<String, PublicProfile.Xp> result = new LinkedHashMap<>();
    rows.forEach(r -> result.put(r.name(), new PublicProfile.Xp(r.xp(), r.recentXp())));
    return result;
  }
}
