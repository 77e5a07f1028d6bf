package net.codestats.pulse;

import static net.codestats.pulse.PulseRejected.INVALID_CODED_AT;
import static net.codestats.pulse.PulseRejected.INVALID_DATE;
import static net.codestats.pulse.PulseRejected.INVALID_OFFSET;
import static net.codestats.pulse.PulseRejected.INVALID_XP;
import static net.codestats.pulse.PulseRejected.INVALID_XPS_FORMAT;
import static net.codestats.pulse.PulseRejected.badRequest;

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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
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
          .build();

  private final Clock clock;

  PulseParser(Clock clock) {
    this.clock = clock;
  }

  ParsedPulse parse(byte[] body) {
    Body root = readJson(body);
    if (root.codedAt == null || root.xps == null) {
      throw badRequest(INVALID_XPS_FORMAT);
    }
    if (!(root.codedAt instanceof String codedAtText)) {
      throw badRequest(INVALID_CODED_AT);
    }
    Matcher timestamp = TIMESTAMP.matcher(codedAtText);
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
    return new ParsedPulse(codedAt, sentAt, offsetMinutes, entries(root.xps));
  }

  /**
   * The body's two keys as the last occurrence of each left them ({@code coded_at}: its text,
   * or a marker that it was no string; {@code xps}: its elements, when it was an array).
   */
  private static final class Body {
    Object codedAt;
    List<RawEntry> xps;
  }

  /** Not a string: present, but refused as a {@code coded_at}. */
  private static final Object NOT_A_STRING = new Object();

  /** One element of {@code xps} as read; what is wrong with it is only judged in order later. */
  private record RawEntry(String language, Problem problem, int xp) {}

  private enum Problem {
    NONE,
    INVALID,
    TOO_LARGE
  }

  /**
   * Reads the body in one streaming pass (no tree): the whole document is read before any of
   * it is judged, so a syntax error anywhere is the shape error, as it was with a tree.
   * Duplicate keys: the last one counts, as in a tree.
   */
  private static Body readJson(byte[] body) {
    try (JsonParser json = ascii(body) ? JSON.createParser(body) : JSON.createParser(strictUtf8(body))) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw badRequest(INVALID_XPS_FORMAT);
      }
      var root = new Body();
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (name) {
          case "coded_at" -> {
            root.codedAt = value == JsonToken.VALUE_STRING ? json.getString() : NOT_A_STRING;
            json.skipChildren();
          }
          case "xps" -> root.xps = value == JsonToken.START_ARRAY ? readEntries(json) : skipped(json);
          default -> json.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw badRequest(INVALID_XPS_FORMAT);
      }
      return root;
    } catch (JacksonException e) {
      throw badRequest(INVALID_XPS_FORMAT);
    }
  }

  /** A non-array {@code xps}: skipped, and counts as missing (the shape error). */
  private static List<RawEntry> skipped(JsonParser json) {
    json.skipChildren();
    return null;
  }

  private static List<RawEntry> readEntries(JsonParser json) {
    var entries = new ArrayList<RawEntry>(4);
    JsonToken token;
    while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        json.skipChildren();
        entries.add(new RawEntry(null, Problem.INVALID, 0));
        continue;
      }
      String language = null;
      boolean languageRead = false;
      Problem xpProblem = null; // null: no xp key
      int xp = 0;
      while (json.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (name) {
          case "language" -> {
            languageRead = true;
            language = value == JsonToken.VALUE_STRING ? json.getString() : null;
            json.skipChildren();
          }
          case "xp" -> {
            xpProblem = Problem.INVALID;
            if (value == JsonToken.VALUE_NUMBER_INT) {
              if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                xpProblem = json.getBigIntegerValue().signum() < 0 ? Problem.INVALID : Problem.TOO_LARGE;
              } else {
                long amount = json.getLongValue();
                xpProblem = amount < 0
                    ? Problem.INVALID
                    : amount > PulseLimits.MAX_XP_PER_ENTRY ? Problem.TOO_LARGE : Problem.NONE;
                xp = (int) amount;
              }
            }
            json.skipChildren();
          }
          default -> json.skipChildren();
        }
      }
      boolean shapeOk = languageRead && language != null && xpProblem != null;
      entries.add(new RawEntry(language, shapeOk ? xpProblem : Problem.INVALID, xp));
    }
    return entries;
  }

  /** Plain ASCII (no NUL either) reads the same as bytes as it does decoded, without the decoding. */
  private static boolean ascii(byte[] body) {
    for (byte b : body) {
      if (b <= 0) {
        return false;
      }
    }
    return true;
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

  private static List<ParsedPulse.Entry> entries(List<RawEntry> xps) {
    if (xps.size() > PulseLimits.MAX_ENTRIES) {
      throw badRequest("Too many XP entries: at most " + PulseLimits.MAX_ENTRIES + " per pulse.");
    }
    var entries = new ArrayList<ParsedPulse.Entry>(xps.size());
    for (RawEntry element : xps) {
      switch (element.problem()) {
        case INVALID -> throw badRequest(INVALID_XP);
        case TOO_LARGE -> throw badRequest(
            "XP amount too large: at most " + PulseLimits.MAX_XP_PER_ENTRY + " per entry.");
        case NONE -> {}
      }
      String name = element.language();
      String normalized = Languages.normalize(name);
      var problem = LanguageNames.problem(normalized);
      if (problem.isPresent()) {
        throw switch (problem.get()) {
          case CHARACTERS -> badRequest(INVALID_XP);
          case LENGTH -> badRequest("Language name too long: at most " + Languages.MAX_NAME_LENGTH + " characters.");
        };
      }
      entries.add(new ParsedPulse.Entry(name, element.xp()));
    }
    return entries;
  }
}
