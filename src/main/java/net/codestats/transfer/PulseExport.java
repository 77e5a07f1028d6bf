package net.codestats.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import net.codestats.account.AccountDetails;
import net.codestats.correction.Correction;
import net.codestats.correction.Corrections;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Pulses;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a user's data as CSV, streaming: the pulse module reads the rows in chunks (a cursor
 * inside a read-only transaction), so a heavy user's export needs no more memory than a
 * light one's.
 */
@Component
class PulseExport {

  private final Pulses pulses;
  private final Machines machines;
  private final Corrections corrections;

  PulseExport(Pulses pulses, Machines machines, Corrections corrections) {
    this.pulses = pulses;
    this.machines = machines;
    this.corrections = corrections;
  }

  /** Every XP entry, oldest first, under the language name as it was sent. */
  @Transactional(readOnly = true)
  public void writePulses(long userId, Writer out) {
    try (var csv = new CSVPrinter(out, PulseCsv.FORMAT)) {
      csv.printRecord(PulseCsv.HEADER);
      Map<Long, String> machineNames = new HashMap<>();
      for (Machine machine : machines.list(userId)) {
        machineNames.put(machine.id(), machine.name());
      }
      pulses.forEachXp(
          userId,
          xp -> {
            LocalDateTime utc = xp.sentAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            try {
              csv.printRecord(
                  PulseCsv.formatUtc(utc),
                  PulseCsv.formatLocal(xp.sentAtLocal()),
                  xp.offsetMinutes(),
                  xp.language(),
                  machineNames.get(xp.machineId()),
                  xp.amount());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The account's corrections, oldest first: when, what was chosen, how much, and what became
   * of it. A file of its own: the pulse file keeps the format other servers read.
   */
  public void writeCorrections(long userId, Writer out) {
    try (var csv = new CSVPrinter(out, PulseCsv.FORMAT)) {
      csv.printRecord("created_at", "what", "pulses", "xp", "state", "restored_at", "purged_at");
      for (Correction c : corrections.list(userId).reversed()) {
        csv.printRecord(
            utc(c.createdAt()), c.what(), c.pulses(), c.xp(), c.state().label(), utc(c.restoredAt()),
            utc(c.purgedAt()));
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String utc(Instant at) {
    return at == null ? "" : PulseCsv.formatUtc(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  /** The account row (no password hash). */
  public void writeAccount(AccountDetails account, Writer out) {
    try (var csv = new CSVPrinter(out, PulseCsv.FORMAT)) {
      csv.printRecord("username", "email", "gravatar_email", "private_profile", "terms_accepted", "created_at");
      csv.printRecord(
          account.username(),
          nullToEmpty(account.email()),
          nullToEmpty(account.gravatarEmail()),
          account.privateProfile(),
          account.termsAccepted() == null ? "" : account.termsAccepted().toString(),
          PulseCsv.formatUtc(LocalDateTime.ofInstant(account.createdAt(), ZoneOffset.UTC)));
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
