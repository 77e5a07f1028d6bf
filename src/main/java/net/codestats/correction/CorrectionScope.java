package net.codestats.correction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import net.codestats.pulse.Pulses.PulseFilter;

/**
 * A checked choice of what to remove: the user's own machine and language (by id, with the
 * names shown), and a range of instants entered in {@code zone}.
 */
public record CorrectionScope(
    Long machineId, String machineName, Long languageId, String languageName, Instant from, Instant until,
    ZoneOffset zone) {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  PulseFilter filter() {
    return new PulseFilter(machineId, languageId, from, until);
  }

  /** "machine Laptop, language Java, from 2026-11-01 10:00 until 2026-11-02 00:00 (UTC+02:00)". */
  public String describe() {
    var parts = new ArrayList<String>();
    if (machineId != null) {
      parts.add("machine " + machineName);
    }
    if (languageId != null) {
      parts.add("language " + languageName);
    }
    if (from != null || until != null) {
      String range = (from == null ? "" : "from " + MINUTE.format(from.atOffset(zone)))
          + (from != null && until != null ? " " : "")
          + (until == null ? "" : "until " + MINUTE.format(until.atOffset(zone)));
      parts.add(range + " (" + zoneLabel(zone) + ")");
    }
    return String.join(", ", parts);
  }

  static String zoneLabel(ZoneOffset zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + zone.getId();
  }
}
