/**
 * The XP aggregates per user, hour, day, language and machine, their rebuild and audit, and
 * the level maths.
 * <p>Owns the tables {@code user_hour_xp}, {@code user_utc_hour_xp}, {@code user_day_language_xp},
 * {@code user_language_xp} and {@code user_machine_xp}.
 */
@ApplicationModule(
    displayName = "XP aggregates",
    allowedDependencies = {"account", "machine", "pulse"})
package net.codestats.xp;

import org.springframework.modulith.ApplicationModule;
