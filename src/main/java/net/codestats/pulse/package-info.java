/**
 * The pulse API: parsing, rate limits, ingestion and storage of XP per language.
 * <p>Owns the tables {@code pulses}, {@code xps} and {@code languages}.
 */
@ApplicationModule(
    displayName = "Pulses",
    allowedDependencies = {"machine", "system"})
package net.codestats.pulse;

import org.springframework.modulith.ApplicationModule;
