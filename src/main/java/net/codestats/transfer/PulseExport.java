package net.codestats.transfer;

import net.codestats.account.AccountDetails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a user's data as CSV, streaming: rows come from the database in chunks (a cursor
 * inside a read-only transaction), so a heavy user's export needs no more memory than a
 * light one's.
 */
@Component
class PulseExport {

  private final JdbcTemplate jdbc;

  PulseExport(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setFetchSize(5_000);
  }

  /** Every XP entry, oldest first, under the language name as it was sent. */
  @Transactional(readOnly = true)
  public void writePulses(long userId, Writer out) {
    try (var csv = new CSVPrinter(out, PulseCsv.FORMAT)) {
      csv.printRecord(PulseCsv.HEADER);
      jdbc.query(
          """
          select p.sent_at, p.sent_at_local, p.tz_offset, l.name as language, m.name as machine, x.amount
          from pulses p
          join xps x on x.pulse_id = p.id
          join languages l on l.id = x.original_language_id
          join machines m on m.id = p.machine_id
          where p.user_id = ?
          order by p.sent_at, p.id, x.id""",
          rs -> {
            LocalDateTime utc =
                rs.getObject("sent_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            try {
              csv.printRecord(
                  PulseCsv.formatUtc(utc),
                  PulseCsv.formatLocal(rs.getObject("sent_at_local", LocalDateTime.class)),
                  rs.getInt("tz_offset"),
                  rs.getString("language"),
                  rs.getString("machine"),
                  rs.getInt("amount"));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          userId);
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
