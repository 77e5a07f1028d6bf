package net.codestats.pulse;

import static net.codestats.pulse.PulseRejected.INVALID_CODED_AT;
import static net.codestats.pulse.PulseRejected.INVALID_DATE;
import static net.codestats.pulse.PulseRejected.INVALID_OFFSET;
import static net.codestats.pulse.PulseRejected.INVALID_XP;
import static net.codestats.pulse.PulseRejected.INVALID_XPS_FORMAT;
import static net.codestats.pulse.PulseRejected.badRequest;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns a request body into a {@link ParsedPulse}, applying the checks in the contract's order. */
final class PulseParser {

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          // seconds are optional: Java's own OffsetDateTime.toString() omits ":00"
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?(.*)");
  private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2}):?(\\d{2})");

  private static final JsonMapper JSON =
      JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(PulseLimits.MAX_NESTING_DEPTH)
                      .maxNumberLength(64)
                      .maxStringLength(PulseLimits.MAX_BODY_BYTES)
                      .build())
              .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Clock clock;

  PulseParser(Clock clock) {
    this.clock = clock;
  }

  ParsedPulse parse(byte[] body) {
    JsonNode root = readJson(body);
    JsonNode codedAtNode = root.get("coded_at");
    JsonNode xps = root.get("xps");
    if (codedAtNode == null || xps == null || !xps.isArray()) {
      throw badRequest(INVALID_XPS_FORMAT);
    }
    if (!codedAtNode.isString()) {
      throw badRequest(INVALID_CODED_AT);
    }
    Matcher timestamp = TIMESTAMP.matcher(codedAtNode.stringValue());
    if (!timestamp.matches()) {
      throw badRequest(INVALID_CODED_AT);
    }
    LocalDateTime wallClock = wallClock(timestamp);
    int offsetMinutes = offsetMinutes(timestamp.group(8));
    Instant codedAt = wallClock.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));

    Instant now = clock.instant();
    if (codedAt.isBefore(now.minusSeconds(PulseLimits.MAX_AGE_SECONDS))) {
      throw badRequest(INVALID_DATE);
    }
    Instant sentAt = codedAt.isAfter(now) ? now : codedAt;
    return new ParsedPulse(codedAt, sentAt, offsetMinutes, entries(xps));
  }

  private static JsonNode readJson(byte[] body) {
    try {
      JsonNode root = JSON.readTree(strictUtf8(body));
      if (root == null || !root.isObject()) {
        throw badRequest(INVALID_XPS_FORMAT);
      }
      return root;
    } catch (JacksonException e) {
      throw badRequest(INVALID_XPS_FORMAT);
    }
  }

  /**
   * Decodes the body, refusing what is not UTF-8: the JSON parser would read an overlong
   * encoding such as {@code C0 AF} as {@code /} and store a name the client never sent.
   */
  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw badRequest(INVALID_XPS_FORMAT);
    }
  }

  private static LocalDateTime wallClock(Matcher m) {
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
    try {
      return LocalDateTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)),
          Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
          nanos);
    } catch (DateTimeException e) {
      throw badRequest(INVALID_CODED_AT);
    }
  }

  /** {@code Z}, {@code z}, {@code ±HH:MM} or {@code ±HHMM}; a missing offset is no timestamp. */
  private static int offsetMinutes(String text) {
    if (text.equals("Z") || text.equals("z")) {
      return 0;
    }
    if (text.isEmpty()) {
      throw badRequest(INVALID_CODED_AT);
    }
    Matcher offset = OFFSET.matcher(text);
    if (!offset.matches()) {
      throw badRequest(INVALID_CODED_AT);
    }
    int hours = Integer.parseInt(offset.group(2));
    int minutes = Integer.parseInt(offset.group(3));
    int total = hours * 60 + minutes;
    if (minutes >= 60 || total > PulseLimits.MAX_OFFSET_MINUTES) {
      throw badRequest(INVALID_OFFSET);
    }
    return offset.group(1).equals("-") ? -total : total;
  }

  private static List<ParsedPulse.Entry> entries(JsonNode xps) {
    if (xps.size() > PulseLimits.MAX_ENTRIES) {
      throw badRequest("Too many XP entries: at most " + PulseLimits.MAX_ENTRIES + " per pulse.");
    }
    var entries = new ArrayList<ParsedPulse.Entry>(xps.size());
    for (JsonNode element : xps) {
      JsonNode language = element.get("language");
      JsonNode xp = element.get("xp");
      if (!element.isObject() || language == null || !language.isString() || xp == null) {
        throw badRequest(INVALID_XP);
      }
      if (!xp.isIntegralNumber() || xp.bigIntegerValue().signum() < 0) {
        throw badRequest(INVALID_XP);
      }
      if (xp.bigIntegerValue().compareTo(BigInteger.valueOf(PulseLimits.MAX_XP_PER_ENTRY)) > 0) {
        throw badRequest(
            "XP amount too large: at most " + PulseLimits.MAX_XP_PER_ENTRY + " per entry.");
      }
      String name = language.stringValue();
      String normalized = Languages.normalize(name);
      var problem = LanguageNames.problem(normalized);
      if (problem.isPresent()) {
        throw switch (problem.get()) {
          case CHARACTERS -> badRequest(INVALID_XP);
          case LENGTH -> badRequest("Language name too long: at most " + Languages.MAX_NAME_LENGTH + " characters.");
        };
      }
      entries.add(new ParsedPulse.Entry(name, xp.intValue()));
    }
    return entries;
  }
}
