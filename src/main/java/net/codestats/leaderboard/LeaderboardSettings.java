package net.codestats.leaderboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxXpPerMinute the most XP per UTC minute (one user, all machines together) that
 *     counts on the boards; more is stored and shown on the profile, but not ranked
 * @param maxAge how stale a board may get before it is recomputed
 */
@ConfigurationProperties("codestats.leaderboards")
record LeaderboardSettings(
    @DefaultValue("2000") long maxXpPerMinute, @DefaultValue("60s") Duration maxAge) {

  LeaderboardSettings {
    if (maxXpPerMinute < 1) {
      throw new IllegalArgumentException("codestats.leaderboards.max-xp-per-minute must be at least 1");
    }
  }
}
