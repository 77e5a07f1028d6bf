/**
 * The pulse API: parsing, rate limits, ingestion and storage of XP per language. Pulses are
 * written only through {@code PulseWriter} (the API and the import), deleted and read raw only
 * through {@code Pulses}; each write or deletion is announced inside its transaction
 * ({@code XpWritten}, {@code XpRewritten}) for what is derived from it. The {@link PulseStored} event, relayed between app nodes in a cluster,
 * announces each stored pulse here or elsewhere.
 * <p>Owns the tables {@code pulses}, {@code xps} and {@code languages}.
 */
@ApplicationModule(
    displayName = "Pulses",
    allowedDependencies = {"account", "geo", "machine", "system", "web"})
package net.codestats.pulse;

import org.springframework.modulith.ApplicationModule;
