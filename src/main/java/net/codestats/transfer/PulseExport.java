package net.codestats.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import net.codestats.account.AccountDetails;
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

  PulseExport(Pulses pulses, Machines machines) {
    this.pulses = pulses;
    this.machines = machines;
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
