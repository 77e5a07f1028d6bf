package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pulse body's rules without a server: times, offsets, the xps list and the error texts. */
class PulseParserTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final PulseParser parser = new PulseParser(Clock.fixed(NOW, ZoneOffset.UTC));

  private ParsedPulse parse(String codedAt, String xps) {
    return parser.parse(("{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").getBytes(StandardCharsets.UTF_8));
  }

  private ParsedPulse parse(String codedAt) {
    return parse(codedAt, "[{\"language\":\"Java\",\"xp\":3}]");
  }

  private static void assertRejected(Runnable parse, String message) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            PulseRejected.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-28T13:00:00+01:00, 60",
    "2026-11-28T13:00:00+0100, 60",
    "2026-11-28 07:30:00-04:30, -270",
    "2026-11-28T12:00:00Z, 0",
    "2026-11-28t12:00:00z, 0",
    "2026-11-28T13:00+01:00, 60",
    "2026-11-28T10:59:59.750-01:00, -60"
  })
  void readsTheOffsetAndTheInstant(String codedAt, int offset) {
    ParsedPulse pulse = parse(codedAt);
    assertThat(pulse.offsetMinutes()).isEqualTo(offset);
    assertThat(pulse.codedAt()).isBetween(NOW.minusSeconds(1), NOW);
    assertThat(pulse.sentAt()).isEqualTo(pulse.codedAt());
    assertThat(pulse.sentAtLocal())
        .isEqualTo(LocalDateTime.ofInstant(pulse.sentAt(), ZoneOffset.ofTotalSeconds(offset * 60)));
  }

  @Test
  void keepsFractionsOfASecondUpToNanoseconds() {
    assertThat(parse("2026-11-28T11:00:00.123456789123Z").codedAt())
        .isEqualTo(Instant.parse("2026-11-28T11:00:00.123456789Z"));
    assertThat(parse("2026-11-28T11:00:00,5Z").codedAt()).isEqualTo(Instant.parse("2026-11-28T11:00:00.5Z"));
  }

  @Test
  void clampsAFutureTimeToNowButKeepsTheCodedAtAndTheOffset() {
    ParsedPulse pulse = parse("2026-11-30T12:00:00+02:00");
    assertThat(pulse.codedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(pulse.sentAt()).isEqualTo(NOW);
    assertThat(pulse.offsetMinutes()).isEqualTo(120);
    assertThat(pulse.sentAtLocal()).isEqualTo(LocalDateTime.parse("2026-11-28T14:00:00"));
  }

  @Test
  void acceptsAWeekOldPulseAndRefusesAnOlderOne() {
    assertThat(parse("2026-11-21T12:00:00Z").sentAt()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
    assertRejected(() -> parse("2026-11-21T11:59:59Z"), PulseRejected.INVALID_DATE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-28T12:00:00", // no offset
        "2026-11-28", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-28T25:00:00Z",
        "2026-11-28T12:00:00+1", "2026-11-28T12:00:00 UTC"
      })
  void refusesWhatIsNoTimestamp(String codedAt) {
    assertRejected(() -> parse(codedAt), PulseRejected.INVALID_CODED_AT);
  }

  @Test
  void refusesACodedAtThatIsNotAString() {
    assertRejected(
        () -> parser.parse("{\"coded_at\":1764331200,\"xps\":[]}".getBytes(StandardCharsets.UTF_8)),
        PulseRejected.INVALID_CODED_AT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-28T12:00:00+18:01", "2026-11-28T12:00:00-19:00", "2026-11-28T12:00:00+05:60"})
  void refusesOffsetsBeyondEighteenHoursOrWithBadMinutes(String codedAt) {
    assertRejected(() -> parse(codedAt), PulseRejected.INVALID_OFFSET);
  }

  @Test
  void acceptsTheWidestOffsets() {
    assertThat(parse("2026-11-29T06:00:00+18:00").offsetMinutes()).isEqualTo(1080);
    assertThat(parse("2026-11-27T18:00:00-18:00").offsetMinutes()).isEqualTo(-1080);
  }

  @Test
  void readsEntriesInOrderWithTheNameAsSent() {
    ParsedPulse pulse =
        parse("2026-11-28T12:00:00Z", "[{\"language\":\" Go \",\"xp\":2},{\"language\":\"\",\"xp\":0}]");
    assertThat(pulse.entries()).containsExactly(new ParsedPulse.Entry(" Go ", 2), new ParsedPulse.Entry("", 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}", "[]", "null", "{\"coded_at\":\"2026-11-28T12:00:00Z\"}", "{\"xps\":[]}",
        "{\"coded_at\":\"2026-11-28T12:00:00Z\",\"xps\":{}}",
        "{\"coded_at\":\"2026-11-28T12:00:00Z\",\"xps\":[]} trailing",
        "not json"
      })
  void refusesAnotherShape(String body) {
    assertRejected(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)), PulseRejected.INVALID_XPS_FORMAT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{\"language\":\"Java\",\"xp\":-1}]", "[{\"language\":\"Java\",\"xp\":1.5}]",
        "[{\"language\":\"Java\",\"xp\":\"3\"}]",
        "[{\"language\":\"Java\"}]", "[{\"xp\":3}]", "[{\"language\":3,\"xp\":3}]", "[3]",
        "[{\"language\":\"a\\u0000b\",\"xp\":1}]",
        "[{\"language\":\"\\ud800\",\"xp\":1}]"
      })
  void refusesABadEntry(String xps) {
    assertRejected(() -> parse("2026-11-28T12:00:00Z", xps), PulseRejected.INVALID_XP);
  }

  @Test
  void namesTheLimitsInTheirErrors() {
    assertRejected(
        () -> parse("2026-11-28T12:00:00Z", "[{\"language\":\"Java\",\"xp\":100001}]"),
        "XP amount too large: at most 100000 per entry.");
    assertThat(parse("2026-11-28T12:00:00Z", "[{\"language\":\"Java\",\"xp\":100000}]").entries().getFirst().xp())
        .isEqualTo(100_000);
    assertRejected(
        () -> parse("2026-11-28T12:00:00Z", "[{\"language\":\"" + "x".repeat(256) + "\",\"xp\":1}]"),
        "Language name too long: at most 255 characters.");
    String many = String.join(",", java.util.Collections.nCopies(101, "{\"language\":\"Java\",\"xp\":1}"));
    assertRejected(() -> parse("2026-11-28T12:00:00Z", "[" + many + "]"),
        "Too many XP entries: at most 100 per pulse.");
  }

  @Test
  void theSamePulseHasOneFingerprintWhateverTheOrderCaseAndSpacesOfItsEntries() {
    Instant at = Instant.parse("2026-11-28T11:00:00.250Z");
    UUID one =
        PulseWriter.fingerprint(at, 60, List.of(new PulseWriter.SentXp("Java", 3), new PulseWriter.SentXp("Go", 2)));
    assertThat(PulseWriter.fingerprint(Instant.parse("2026-11-28T11:00:00Z"), 60,
        List.of(new PulseWriter.SentXp(" go", 2), new PulseWriter.SentXp("JAVA", 3))))
        .isEqualTo(one);
    // positive controls: another second, offset or amount is another pulse
    assertThat(PulseWriter.fingerprint(at.plusSeconds(1), 60,
        List.of(new PulseWriter.SentXp("Java", 3), new PulseWriter.SentXp("Go", 2)))).isNotEqualTo(one);
    assertThat(
        PulseWriter.fingerprint(at, 0, List.of(new PulseWriter.SentXp("Java", 3), new PulseWriter.SentXp("Go", 2))))
        .isNotEqualTo(one);
    assertThat(
        PulseWriter.fingerprint(at, 60, List.of(new PulseWriter.SentXp("Java", 4), new PulseWriter.SentXp("Go", 2))))
        .isNotEqualTo(one);
    // an entry's name and amount cannot run into the next entry's
    assertThat(PulseWriter.fingerprint(at, 60, List.of(new PulseWriter.SentXp("a", 12))))
        .isNotEqualTo(PulseWriter.fingerprint(at, 60, List.of(new PulseWriter.SentXp("a\t1", 2))));
  }
}
