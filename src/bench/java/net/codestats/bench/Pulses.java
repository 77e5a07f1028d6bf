package net.codestats.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Pulses as plugins send them: three languages each, a UTC offset, the time with
 * microseconds (so that every pulse is distinct and its stored instant exact).
 */
final class Pulses {

  static final ZoneOffset OFFSET = ZoneOffset.ofHours(2);
  private static final DateTimeFormatter CODED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private Pulses() {}

  /** One pulse's content, as the fault tests remember acknowledged ones. */
  record Pulse(String token, Instant codedAt, List<Integer> xps) {
    String json() {
      var langs = Dataset.PULSE_LANGUAGES;
      return "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"%s\",\"xp\":%d},{\"language\":\"%s\",\"xp\":%d},{\"language\":\"%s\",\"xp\":%d}]}"
          .formatted(
              OffsetDateTime.ofInstant(codedAt, OFFSET).format(CODED_AT),
              langs.get(0), xps.get(0), langs.get(1), xps.get(1), langs.get(2), xps.get(2));
    }

    int total() {
      return xps.stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** A new pulse for a client: now (a little in the past, never clamped), unique amounts. */
  static Pulse next(String token, int client, long sequence) {
    Instant codedAt = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MICROS);
    int a = (int) (1 + sequence % 97);
    return new Pulse(token, codedAt, List.of(a, 1 + client % 13, 1 + (int) (sequence % 5)));
  }

  static HttpRequest request(URI uri, Pulse pulse) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-API-Token", pulse.token())
        .POST(HttpRequest.BodyPublishers.ofString(pulse.json()))
        .build();
  }
}
