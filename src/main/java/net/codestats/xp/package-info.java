/**
 * The XP aggregates per user, hour, day, language and machine, kept in step with the pulse
 * module's in-transaction events; their rebuild and audit; the read queries of profiles,
 * GraphQL and machine pages ({@code XpQueries}) and of the language pages ({@code LanguageXpQueries});
 * and the level maths.
 * <p>Owns the tables {@code user_hour_xp}, {@code user_utc_hour_xp}, {@code user_day_language_xp},
 * {@code user_language_xp}, {@code user_machine_xp} and {@code user_language_local_hour_xp}.
 */
@ApplicationModule(
    displayName = "XP aggregates",
    allowedDependencies = {"account", "machine", "pulse", "system"})
package net.codestats.xp;

import org.springframework.modulith.ApplicationModule;
