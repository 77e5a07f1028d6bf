package net.codestats.live;

import java.time.Instant;
import java.util.List;
import net.codestats.pulse.PulseStored.LanguageXp;

/**
 * A stored pulse as the live pushes need it, the same whether it was stored on this node or
 * announced by another one.
 *
 * @param coords where it came from (GeoIP on the storing node), or null
 */
record LivePulse(
    long userId, String machineName, Instant sentAt, int offsetMinutes, List<LanguageXp> xps, GeoLocator.Coords coords) {}
