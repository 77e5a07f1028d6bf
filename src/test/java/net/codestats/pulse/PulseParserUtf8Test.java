package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Language names arrive as UTF-8; anything else is refused, never stored as something else. */
class PulseParserUtf8Test {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
  private final PulseParser parser = new PulseParser(clock);

  @ParameterizedTest
  @ValueSource(strings = {"C0AF", "C328", "FF", "80", "E282", "EDA080", "F888808080"})
  void rejectsInvalidUtf8InALanguageName(String hex) {
    var body = new ByteArrayOutputStream();
    body.writeBytes(
        "{\"coded_at\":\"2026-11-28T13:00:00+02:00\",\"xps\":[{\"language\":\"Ja".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(HexFormat.of().parseHex(hex));
    body.writeBytes("va\",\"xp\":1}]}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> parser.parse(body.toByteArray()))
        .isInstanceOfSatisfying(PulseRejected.class, e -> assertThat(e.status().value()).isEqualTo(400));
  }

  @Test
  void acceptsMultiByteLanguageNames() {
    byte[] body =
        "{\"coded_at\":\"2026-11-28T13:00:00+02:00\",\"xps\":[{\"language\":\"Ñandú 言語 🦀\",\"xp\":1}]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(body).entries().getFirst().language()).isEqualTo("Ñandú 言語 🦀");
  }
}
