package net.codestats.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import net.codestats.machine.MachineException;
import net.codestats.machine.Machines;
import net.codestats.pulse.LanguageNames;
import net.codestats.pulse.Languages;
import net.codestats.pulse.PulseLimits;
import org.apache.commons.csv.CSVRecord;

/** One checked line of a pulse CSV being imported. */
record ImportRow(long line, LocalDateTime sentAt, LocalDateTime sentAtLocal, int offset, String language,
    String machine, int amount) {

  static ImportRow parse(CSVRecord record, long line) {
    if (record.size() != PulseCsv.HEADER.size()) {
      throw error(line, "expected 6 fields separated by ';', found " + record.size() + ".");
    }
    LocalDateTime sentAt;
    LocalDateTime sentAtLocal;
    try {
      sentAt = PulseCsv.parseUtc(record.get(0));
    } catch (RuntimeException e) {
      throw error(line, "sent_at is not a time like 2017-11-27 23:00:00Z.");
    }
    try {
      sentAtLocal = PulseCsv.parseLocal(record.get(1));
    } catch (RuntimeException e) {
      throw error(line, "sent_at_local is not a time like 2017-11-28 00:00:00.");
    }
    int offset;
    String offsetText = record.get(2).strip();
    if (offsetText.isEmpty()) {
      // very old pulses of the original service have no offset: it follows from the times
      offset = (int) Duration.between(sentAt, sentAtLocal).toMinutes();
    } else {
      try {
        offset = Integer.parseInt(offsetText);
      } catch (NumberFormatException e) {
        throw error(line, "tz_offset must be a whole number of minutes.");
      }
    }
    if (Math.abs(offset) > PulseLimits.MAX_OFFSET_MINUTES) {
      throw error(
          line,
          "tz_offset must be between -" + PulseLimits.MAX_OFFSET_MINUTES + " and " + PulseLimits.MAX_OFFSET_MINUTES
              + " minutes.");
    }
    String language = Languages.normalize(record.get(3));
    if (LanguageNames.problem(language).isPresent()) {
      throw error(
          line,
          "the language name is longer than " + Languages.MAX_NAME_LENGTH + " characters or has control characters.");
    }
    String machine;
    try {
      machine = Machines.validName(record.get(4));
    } catch (MachineException e) {
      throw error(line, "the machine name is refused: " + e.getMessage());
    }
    int amount;
    try {
      amount = Integer.parseInt(record.get(5).strip());
    } catch (NumberFormatException e) {
      throw error(line, "amount must be a whole number.");
    }
    if (amount < 0) {
      throw error(line, "amount must not be negative.");
    }
    return new ImportRow(line, sentAt, sentAtLocal, offset, language, machine, amount);
  }

  private static ImportError error(long line, String message) {
    return new ImportError("Line " + line + ": " + message);
  }

  /** The UTC instant of {@code sentAt}. */
  Instant sentAtInstant() {
    return sentAt.toInstant(ZoneOffset.UTC);
  }

  boolean samePulseAs(ImportRow other) {
    return other != null
        && sentAt.equals(other.sentAt)
        && sentAtLocal.equals(other.sentAtLocal)
        && offset == other.offset
        && machine.equalsIgnoreCase(other.machine);
  }
}
