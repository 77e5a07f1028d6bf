package net.codestats.transfer;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * The pulse CSV of codestats.net exports: {@code ;}-separated, header {@code
 * sent_at;sent_at_local;tz_offset;language;machine;amount}, one row per XP entry, times like
 * {@code 2017-11-27 23:00:00Z} (UTC) and {@code 2017-11-28 00:00:00} (local), fractions of a
 * second only when there are any. Fields with {@code ;} or quotes are quoted.
 */
final class PulseCsv {

  static final List<String> HEADER = List.of("sent_at", "sent_at_local", "tz_offset", "language", "machine", "amount");
  static final CSVFormat FORMAT =
      CSVFormat.Builder.create()
          .setDelimiter(';')
          .setQuote('"')
          .setQuoteMode(QuoteMode.MINIMAL)
          .setRecordSeparator("\n")
          .setIgnoreEmptyLines(true)
          .get();

  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();
  private static final DateTimeFormatter PRINT =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
          .toFormatter();

  private PulseCsv() {}

  static String formatUtc(LocalDateTime utc) {
    return PRINT.format(utc) + "Z";
  }

  static String formatLocal(LocalDateTime local) {
    return PRINT.format(local);
  }

  /** {@code 2017-11-27 23:00:00Z}, also with {@code T}, fractions, {@code +00:00} or no zone. */
  static LocalDateTime parseUtc(String text) {
    String value = text.strip();
    if (value.endsWith("Z") || value.endsWith("z")) {
      value = value.substring(0, value.length() - 1);
    } else if (value.endsWith("+00:00") || value.endsWith("+0000")) {
      value = value.substring(0, value.length() - (value.endsWith(":00") ? 6 : 5));
    }
    return LocalDateTime.parse(value, LOCAL);
  }

  static LocalDateTime parseLocal(String text) {
    return LocalDateTime.parse(text.strip(), LOCAL);
  }

  static String instant(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC).toString();
  }
}
