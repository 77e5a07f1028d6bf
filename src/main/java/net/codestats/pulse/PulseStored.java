package net.codestats.pulse;

import java.time.Instant;
import java.util.List;
import net.codestats.geo.Coords;

/**
 * A new pulse was committed (not a retry of a stored one), here or, with {@code
 * codestats.cluster} on, on another node sharing the database: the one event that caches,
 * live pushes and rankings listen to. Listeners must not block: ingestion and the cluster
 * listener wait for them.
 *
 * @param origin whether this node stored it or another one announced it
 * @param privateProfile whether the user's profile was private when the pulse was stored here
 *     or announced: their pulses then reach no one but themselves
 * @param sentAt the stored UTC instant
 * @param offsetMinutes the client's UTC offset
 * @param xps XP per language as counted (aliases resolved), in the order sent
 * @param coords where it came from, rounded (GeoIP at ingestion); always null for a private
 *     profile or without a GeoIP database
 */
public record PulseStored(
    Origin origin,
    long userId,
    boolean privateProfile,
    long machineId,
    String machineName,
    Instant sentAt,
    int offsetMinutes,
    List<LanguageXp> xps,
    Coords coords) {

  public enum Origin {
    THIS_NODE,
    OTHER_NODE
  }

  public record LanguageXp(String language, int amount) {}
}
