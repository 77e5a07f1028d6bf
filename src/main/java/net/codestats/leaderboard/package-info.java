/**
 * The leaderboards: public users ranked by XP over the last 7 days, 30 days, this year and
 * all time, overall and per language, as pages and JSON, from an in-memory snapshot of the
 * XP aggregates recomputed about once a minute; the plausibility check that keeps XP beyond
 * what a person can type off the boards (it stays on the profile); and users an
 * administrator took off the boards.
 * <p>Owns the tables {@code leaderboard_minute_xp}, {@code leaderboard_unranked_xp} and
 * {@code leaderboard_exclusions}.
 */
@ApplicationModule(
    displayName = "Leaderboards",
    allowedDependencies = {"account", "pulse", "system", "web", "xp"})
package net.codestats.leaderboard;

import org.springframework.modulith.ApplicationModule;
