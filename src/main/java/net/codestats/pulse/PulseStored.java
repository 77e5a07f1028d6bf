package net.codestats.pulse;

import java.time.Instant;
import java.util.List;

/**
 * Published after a new pulse has been committed (not for a retry of a stored one), for
 * listeners such as the live updates. Listeners must not block: ingestion waits for them.
 *
 * @param sentAt the stored UTC instant
 * @param offsetMinutes the client's UTC offset
 * @param xps XP per language as counted (aliases resolved), in the order sent
 * @param clientIp the client's address, for GeoIP
 */
public record PulseStored(
    long userId,
    long machineId,
    String machineName,
    Instant sentAt,
    int offsetMinutes,
    List<LanguageXp> xps,
    String clientIp) {

  public record LanguageXp(String language, int amount) {}
}
