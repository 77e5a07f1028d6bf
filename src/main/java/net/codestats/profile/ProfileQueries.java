package net.codestats.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.User;
import net.codestats.xp.HiddenItems;
import net.codestats.xp.HiddenShare;
import net.codestats.xp.XpQueries;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a public profile from the XP module's aggregates; the XP of the last 12 hours is "XP
 * since an instant", the same algorithm as GraphQL's {@code since}. The public profile leaves
 * out the user's {@link HiddenShare}; the owner's view is read with {@code HiddenShare.NONE}.
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
  PublicProfile publicProfile(User user, HiddenShare share) {
    Instant recentSince = clock.instant().minus(RECENT);
    XpQueries.Totals totals = xp.totalsWithRecent(user.id(), recentSince, share);
    Map<String, PublicProfile.Xp> languages = byName(totals.languages());
    Map<String, PublicProfile.Xp> machines = byName(totals.machines());
    Map<String, Long> dates = new LinkedHashMap<>();
    for (var date : xp.allDates(user.id(), share)) {
      dates.put(date.date().toString(), date.xp());
    }
    long total = languages.values().stream().mapToLong(PublicProfile.Xp::xps).sum();
    long recent = languages.values().stream().mapToLong(PublicProfile.Xp::newXps).sum();
    return new PublicProfile(user.username(), total, recent, machines, languages, dates);
  }

  /** What the user's hidden items take out of their public figures. */
  HiddenShare hiddenShare(long userId, HiddenItems items) {
    return xp.hiddenShare(userId, items);
  }

  private static Map<String, PublicProfile.Xp> byName(List<XpQueries.NameTotal> rows) {
    Map<String, PublicProfile.Xp> result = new LinkedHashMap<>();
    rows.forEach(r -> result.put(r.name(), new PublicProfile.Xp(r.xp(), r.recentXp())));
    return result;
  }
}
