package net.codestats.correction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import net.codestats.machine.Machine;

/**
 * What the corrections page shows.
 *
 * @param localZone the zone of a "local" range, as shown
 * @param preview null until a valid choice is previewed
 * @param error the reason the last choice was refused, or null
 */
public record CorrectionViews(
    CorrectionForm form,
    List<Machine> machines,
    Map<Long, String> languages,
    String localZone,
    CorrectionPreview preview,
    String error,
    List<Correction> corrections) {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'");

  public static String when(Instant at) {
    return at == null ? "" : WHEN.format(at.atOffset(ZoneOffset.UTC));
  }

  public static String thousands(long n) {
    return "%,d".formatted(n);
  }

  public boolean machineChosen(Machine machine) {
    return form.machine().equals(Long.toString(machine.id()));
  }

  public boolean languageChosen(long id) {
    return form.language().equals(Long.toString(id));
  }

  public boolean local() {
    return "local".equals(form.zone());
  }
}
