/**
 * The pulse API: parsing, rate limits, ingestion and storage of XP per language, and the
 * {@link net.codestats.pulse.PulseStored} event, relayed between app nodes in a cluster.
 * <p>Owns the tables {@code pulses}, {@code xps} and {@code languages}.
 */
@ApplicationModule(
    displayName = "Pulses",
    allowedDependencies = {"account", "geo", "machine", "system", "xp"})
package net.codestats.pulse;

import org.springframework.modulith.ApplicationModule;
