package net.codestats.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One CSV line of an import, checked without a server; and the CSV times both ways. */
class ImportRowTest {

  private static CSVRecord record(String line) throws IOException {
    try (var parser = CSVParser.builder().setReader(new StringReader(line)).setFormat(PulseCsv.FORMAT).get()) {
      return parser.getRecords().getFirst();
    }
  }

  private static ImportRow parse(String line) throws IOException {
    return ImportRow.parse(record(line), 7);
  }

  @Test
  void readsALineOfAnExport() throws IOException {
    ImportRow row = parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60; Elixir ;Laptop;12");
    assertThat(row)
        .isEqualTo(
            new ImportRow(
                7, LocalDateTime.parse("2017-11-27T23:00"), LocalDateTime.parse("2017-11-28T00:00"), 60, "Elixir",
                "Laptop", 12));
    assertThat(row.sentAtInstant()).isEqualTo(Instant.parse("2017-11-27T23:00:00Z"));
  }

  @Test
  void aMissingOffsetFollowsFromTheTimes() throws IOException {
    assertThat(parse("2017-11-27 23:00:00Z;2017-11-27 18:30:00;;Go;Laptop;1").offset()).isEqualTo(-270);
  }

  @Test
  void anEmptyLanguageIsPlainTextAndQuotedFieldsKeepTheirSemicolons() throws IOException {
    ImportRow row =
        parse("2017-11-27T23:00:00.123456Z;2017-11-28T00:00:00.123456;60;;\"Laptop; the \"\"old\"\" one\";0");
    assertThat(row.language()).isEqualTo("Plain text");
    assertThat(row.machine()).isEqualTo("Laptop; the \"old\" one");
    assertThat(row.sentAt()).isEqualTo(LocalDateTime.parse("2017-11-27T23:00:00.123456"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Laptop | expected 6 fields separated by ';', found 5.",
        "yesterday;2017-11-28 00:00:00;60;Go;Laptop;1 | sent_at is not a time like 2017-11-27 23:00:00Z.",
        "2017-11-27 23:00:00Z;soon;60;Go;Laptop;1 | sent_at_local is not a time like 2017-11-28 00:00:00.",
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;1h;Go;Laptop;1 | tz_offset must be a whole number of minutes.",
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;1081;Go;Laptop;1 | tz_offset must be between -1080 and 1080 minutes.",
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Laptop;ten | amount must be a whole number.",
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Laptop;-1 | amount must not be negative.",
        "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go; ;1 | the machine name is refused: Machine name must be 1–64 characters long."
      })
  void namesTheLineAndWhatIsWrong(String line, String problem) {
    assertThatThrownBy(() -> parse(line)).isInstanceOf(ImportError.class).hasMessage("Line 7: " + problem);
  }

  @Test
  void refusesALanguageNameWithControlCharactersOrTooLong() {
    String problem = "Line 7: the language name is longer than 255 characters or has control characters.";
    assertThatThrownBy(() -> parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go\u0007;Laptop;1"))
        .hasMessage(problem);
    assertThatThrownBy(() -> parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;" + "x".repeat(256) + ";Laptop;1"))
        .hasMessage(problem);
  }

  @Test
  void rowsOfOnePulseShareTimesAndMachineInAnyCase() throws IOException {
    ImportRow first = parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Laptop;1");
    assertThat(parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Java;LAPTOP;2").samePulseAs(first)).isTrue();
    assertThat(parse("2017-11-27 23:00:01Z;2017-11-28 00:00:01;60;Go;Laptop;1").samePulseAs(first)).isFalse();
    assertThat(parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Desktop;1").samePulseAs(first)).isFalse();
  }

  @Test
  void theSamePulseImportedTwiceHasOneFingerprint() throws IOException {
    var once = List.of(parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Go;Laptop;1"),
        parse("2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Java;Laptop;2"));
    var reordered = List.of(once.get(1), once.get(0));
    assertThat(PulseImports.fingerprint(reordered)).isEqualTo(PulseImports.fingerprint(once));
    assertThat(PulseImports.fingerprint(once.subList(0, 1))).isNotEqualTo(PulseImports.fingerprint(once));
  }

  @Test
  void csvTimesReadWhatTheExportWrites() {
    LocalDateTime utc = LocalDateTime.parse("2017-11-27T23:00:00.123400");
    assertThat(PulseCsv.formatUtc(utc)).isEqualTo("2017-11-27 23:00:00.1234Z");
    assertThat(PulseCsv.formatLocal(LocalDateTime.parse("2017-11-28T00:00"))).isEqualTo("2017-11-28 00:00:00");
    assertThat(PulseCsv.parseUtc(PulseCsv.formatUtc(utc))).isEqualTo(utc);
    assertThat(PulseCsv.parseUtc("2017-11-27T23:00:00+00:00")).isEqualTo(LocalDateTime.parse("2017-11-27T23:00"));
    assertThat(PulseCsv.parseUtc("2017-11-27 23:00:00+0000")).isEqualTo(LocalDateTime.parse("2017-11-27T23:00"));
    assertThat(PulseCsv.instant(utc)).isEqualTo("2017-11-27T23:00:00.123400Z");
  }
}
