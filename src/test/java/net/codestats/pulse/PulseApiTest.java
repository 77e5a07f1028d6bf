package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every row of the pulse API contract (api.md §1), over real HTTP against the real database. */
@IntegrationTest
class PulseApiTest {

  static final String CREATED = "{\"ok\":\"Great success!\"}";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Http http;
  TestUsers users;
  UserWithMachine alice;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    alice = users.userWithMachine("alice");
  }

  static String now(String offset) {
    return OffsetDateTime.now(ZoneOffset.of(offset)).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String pulse(String codedAt, String xps) {
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}";
  }

  static String oneLanguage(String language, int xp) {
    return "[{\"language\":\"" + language + "\",\"xp\":" + xp + "}]";
  }

  HttpResponse<String> send(String body) {
    return http.postPulse(alice.token(), body);
  }

  void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    assertThat(response.body()).isEqualToIgnoringWhitespace("{\"error\":\"" + message + "\"}");
  }

  void assertCreated(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    assertThat(response.body()).isEqualTo(CREATED);
  }

  long pulsesOf(long machineId) {
    return jdbc.sql("select count(*) from pulses where machine_id = ?").param(machineId).query(Long.class).single();
  }

  /** The control for "nothing of it was stored": a valid pulse from the same machine is counted by the same queries. */
  void assertAValidPulseIsCounted() {
    long pulses = pulsesOf(alice.machineId());
    long xp = xpOf(alice.user().id());
    assertCreated(send(pulse(now("Z"), oneLanguage("Java", 3))));
    assertThat(pulsesOf(alice.machineId())).isEqualTo(pulses + 1);
    assertThat(xpOf(alice.user().id())).isEqualTo(xp + 3);
  }

  long xpOf(long userId) {
    return jdbc.sql("select coalesce(sum(amount), 0) from xps where user_id = ?").param(userId).query(Long.class)
        .single();
  }

  Map<String, Object> lastPulse(long machineId) {
    return jdbc.sql(
        """
            select sent_at, tz_offset, sent_at_local from pulses where machine_id = ?
            order by id desc limit 1""")
        .param(machineId)
        .query()
        .singleRow();
  }

  @Nested
  class Authentication {

    HttpResponse<String> withHeaders(String... headers) {
      var request = http.request("/api/my/pulses").POST(HttpRequest.BodyPublishers.ofString(pulse(now("Z"), "[]")));
      request.header("Content-Type", "application/json");
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return http.send(request.build());
    }

    @Test
    void rejectsMissingToken() {
      assertError(withHeaders(), 403, "You must be authenticated");
    }

    @Test
    void rejectsTwoTokenHeadersEvenIfBothAreValid() {
      assertError(withHeaders("X-API-Token", alice.token(), "X-API-Token", alice.token()), 403,
          "You must be authenticated");
      assertError(withHeaders("X-API-Token", alice.token(), "x-api-token", alice.token()), 403,
          "You must be authenticated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-API-Token", "X-Api-Token", "x-api-token", "X-API-TOKEN"})
    void acceptsTheTokenHeaderInAnyCase(String header) {
      assertCreated(withHeaders(header, alice.token()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "SFMyNTY.g2gDYQFuBgBGUTJgawFiAAFRgA.abc", "",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"})
    void rejectsMalformedOrUnknownTokens(String token) {
      assertError(withHeaders("X-API-Token", token), 403, "You must be authenticated");
    }

    @Test
    void rejectsATokenWhoseMachineIdWasTamperedWith() {
      byte[] raw = Base64.getUrlDecoder().decode(alice.token());
      raw[raw.length - 1] ^= 1; // the machine id sits at the end
      String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      assertError(withHeaders("X-API-Token", tampered), 403, "You must be authenticated");
    }

    @Test
    void rejectsInactiveMachinesAndAcceptsThemAgainWhenActivated() {
      machines.setActive(alice.user().id(), alice.machineId(), false);
      assertError(withHeaders("X-API-Token", alice.token()), 403, "You must be authenticated");
      machines.setActive(alice.user().id(), alice.machineId(), true);
      assertCreated(withHeaders("X-API-Token", alice.token()));
    }

    @Test
    void rejectsDeletedMachines() {
      machines.delete(alice.user().id(), alice.machineId());
      assertError(withHeaders("X-API-Token", alice.token()), 403, "You must be authenticated");
    }

    @Test
    void rejectsTheOldTokenRightAfterRegeneration() {
      assertCreated(withHeaders("X-API-Token", alice.token()));
      String fresh = machines.regenerateToken(alice.user().id(), alice.machineId());
      assertError(withHeaders("X-API-Token", alice.token()), 403, "You must be authenticated");
      assertCreated(withHeaders("X-API-Token", fresh));
    }

    @Test
    void checksTheTokenBeforeTheBody() {
      var response =
          http.send(
              http.request("/api/my/pulses")
                  .header("X-API-Token", "wrong")
                  .POST(HttpRequest.BodyPublishers.ofString("not json"))
                  .build());
      assertError(response, 403, "You must be authenticated");
    }
  }

  @Nested
  class Shape {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "not json",
          "",
          "[]",
          "null",
          "42",
          "\"text\"",
          "{}",
          "{\"xps\": []}",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\"}",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\", \"xps\": {}}",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\", \"xps\": \"Java\"}",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\", \"xps\": null}",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\", \"xps\": []} trailing",
          "{\"coded_at\": \"2026-11-27T10:00:00Z\", \"xps\": [}"
        })
    void rejectsBodiesThatAreNotAPulse(String body) {
      assertError(send(body), 400, "Invalid xps format.");
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }

    @Test
    void rejectsInvalidUtf8() {
      byte[] body = pulse(now("Z"), oneLanguage("Java", 1)).getBytes(StandardCharsets.UTF_8);
      byte[] broken = new byte[body.length + 2];
      System.arraycopy(body, 0, broken, 0, body.length);
      int at = new String(body, StandardCharsets.UTF_8).indexOf("Java") + 1;
      broken[at] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
      var response =
          http.send(
              http.request("/api/my/pulses")
                  .header("X-API-Token", alice.token())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(broken, 0, body.length))
                  .build());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }
  }

  @Nested
  class CodedAt {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "yesterday",
          "2026-11-27",
          "2026-11-27T10:00:00", // no offset
          "2026-11-27T10Z",
          "2026-02-30T10:00:00Z",
          "2026-11-27T25:00:00Z",
          "2026-11-27T10:00:00+5",
          "2026-11-27T10:00:00 EST",
          "27.11.2026 10:00:00+02:00"
        })
    void rejectsWhatIsNotATimestampWithAnOffset(String codedAt) {
      assertError(send(pulse(codedAt, "[]")), 400, "Invalid coded_at format.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1764237600", "null", "true", "{}", "[]"})
    void rejectsNonStringCodedAt(String json) {
      assertError(send("{\"coded_at\":" + json + ",\"xps\":[]}"), 400, "Invalid coded_at format.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+25:00", "+19:00", "-18:01", "+05:75", "+0560"})
    void rejectsUnreadableOffsets(String offset) {
      String local = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
      assertError(send(pulse(local + offset, "[]")), 400, "Invalid TZ offset!");
    }

    @Test
    void rejectsPulsesOlderThanSevenDays() {
      String old =
          OffsetDateTime.now(ZoneOffset.UTC).minusDays(7).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
      assertError(send(pulse(old, oneLanguage("Java", 5))), 400, "Invalid date.");
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }

    @Test
    void acceptsPulsesJustInsideTheSevenDayWindowWithTheirOwnTime() {
      OffsetDateTime codedAt =
          OffsetDateTime.now(ZoneOffset.ofHours(-5)).minusDays(7).plusMinutes(5).truncatedTo(ChronoUnit.SECONDS);
      assertCreated(send(pulse(codedAt.toString(), oneLanguage("Java", 5))));
      var stored = lastPulse(alice.machineId());
      assertThat(((Timestamp) stored.get("sent_at")).toInstant()).isEqualTo(codedAt.toInstant());
      assertThat(((Number) stored.get("tz_offset")).intValue()).isEqualTo(-300);
      assertThat(((Timestamp) stored.get("sent_at_local")).toLocalDateTime()).isEqualTo(codedAt.toLocalDateTime());
    }

    @Test
    void clampsFutureTimesToNowButKeepsTheClientsOffset() {
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String future = OffsetDateTime.now(ZoneOffset.ofHours(2)).plusDays(3).truncatedTo(ChronoUnit.SECONDS).toString();
      assertCreated(send(pulse(future, oneLanguage("Java", 5))));
      Instant after = Instant.now().plusMillis(1);
      var stored = lastPulse(alice.machineId());
      Instant sentAt = ((Timestamp) stored.get("sent_at")).toInstant();
      assertThat(sentAt).isBetween(before, after);
      assertThat(((Number) stored.get("tz_offset")).intValue()).isEqualTo(120);
      assertThat(((Timestamp) stored.get("sent_at_local")).toLocalDateTime())
          .isEqualTo(LocalDateTime.ofInstant(sentAt, ZoneOffset.ofHours(2)));
    }
  }

  @Nested
  class TimeZoneForms {

    /** coded_at as sent → expected offset in minutes. */
    void assertStored(String codedAt, int offsetMinutes, Instant instant, LocalDateTime local) {
      assertCreated(send(pulse(codedAt, oneLanguage("Java", 1))));
      var stored = lastPulse(alice.machineId());
      assertThat(((Number) stored.get("tz_offset")).intValue()).isEqualTo(offsetMinutes);
      assertThat(((Timestamp) stored.get("sent_at")).toInstant()).isEqualTo(instant);
      assertThat(((Timestamp) stored.get("sent_at_local")).toLocalDateTime()).isEqualTo(local);
    }

    LocalDateTime recentLocal() {
      return LocalDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void colonOffset() {
      LocalDateTime local = recentLocal();
      assertStored(local + "+05:30", 330, local.toInstant(ZoneOffset.ofHoursMinutes(5, 30)), local);
    }

    @Test
    void compactOffset() {
      LocalDateTime local = recentLocal();
      String text = local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "+0530";
      assertStored(text, 330, local.toInstant(ZoneOffset.ofHoursMinutes(5, 30)), local);
    }

    @Test
    void upperAndLowerCaseZulu() {
      LocalDateTime local = recentLocal();
      assertStored(local + "Z", 0, local.toInstant(ZoneOffset.UTC), local);
      LocalDateTime other = local.minusMinutes(1);
      assertStored(other + "z", 0, other.toInstant(ZoneOffset.UTC), other);
    }

    @Test
    void secondsMayBeLeftOut() {
      LocalDateTime local = recentLocal().withSecond(0);
      assertStored(local.toString().substring(0, 16) + "-08:00", -480, local.toInstant(ZoneOffset.ofHours(-8)), local);
    }

    @Test
    void nepalAndNewfoundland() {
      LocalDateTime local = recentLocal();
      assertStored(local + "+05:45", 345, local.toInstant(ZoneOffset.ofHoursMinutes(5, 45)), local);
      assertStored(local + "-03:30", -210, local.toInstant(ZoneOffset.ofHoursMinutes(-3, -30)), local);
    }

    @Test
    void fractionalSecondsUpToNanoseconds() {
      LocalDateTime local = recentLocal();
      assertStored(
          local + ".123+02:00", 120, local.plusNanos(123_000_000).toInstant(ZoneOffset.ofHours(2)),
          local.plusNanos(123_000_000));
      // PostgreSQL keeps microseconds: nanoseconds beyond that are dropped, not rejected
      LocalDateTime other = local.minusSeconds(7);
      assertStored(
          other + ".123456789-07:00",
          -420,
          other.plusNanos(123_457_000).toInstant(ZoneOffset.ofHours(-7)),
          other.plusNanos(123_457_000));
    }

    @Test
    void localDateFollowsTheOffsetAcrossMidnight() {
      // 23:30 on the 1st in UTC-03:30 is 03:00 on the 2nd in UTC
      LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
      LocalDateTime local = day.atTime(23, 30);
      assertStored(local + ":00-03:30", -210, local.toInstant(ZoneOffset.ofHoursMinutes(-3, -30)), local);
      long dayXp =
          jdbc.sql("select coalesce(sum(xp), 0) from user_day_language_xp where user_id = ? and local_date = ?")
              .params(alice.user().id(), day)
              .query(Long.class)
              .single();
      assertThat(dayXp).isEqualTo(1);
      long hourXp =
          jdbc.sql("select coalesce(sum(xp), 0) from user_hour_xp where user_id = ? and local_hour = 23")
              .param(alice.user().id())
              .query(Long.class)
              .single();
      assertThat(hourXp).isEqualTo(1);
    }
  }

  @Nested
  class XpEntries {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "[{\"language\":\"Java\",\"xp\":-1}]",
          "[{\"language\":\"Java\",\"xp\":15.0}]",
          "[{\"language\":\"Java\",\"xp\":1.5}]",
          "[{\"language\":\"Java\",\"xp\":\"15\"}]",
          "[{\"language\":\"Java\",\"xp\":null}]",
          "[{\"language\":\"Java\",\"xp\":true}]",
          "[{\"language\":\"Java\",\"xp\":1e400}]",
          "[{\"language\":\"Java\"}]",
          "[{\"xp\":5}]",
          "[{\"language\":5,\"xp\":5}]",
          "[{\"language\":null,\"xp\":5}]",
          "[{\"language\":[\"Java\"],\"xp\":5}]",
          "[\"Java\"]",
          "[5]",
          "[null]",
          "[[]]",
          "[{\"language\":\"Java\",\"xp\":5}, {\"language\":\"Go\",\"xp\":-5}]",
          "[{\"language\":\"Ja\\u0000va\",\"xp\":5}]",
          "[{\"language\":\"Ja\\u0007va\",\"xp\":5}]",
          "[{\"language\":\"Ja\\nva\",\"xp\":5}]",
          "[{\"language\":\"\\ud800\",\"xp\":5}]"
        })
    void rejectsMalformedEntriesAndStoresNothingOfThePulse(String xps) {
      assertError(send(pulse(now("Z"), xps)), 400, "Invalid XP format.");
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertThat(xpOf(alice.user().id())).isZero();
      assertAValidPulseIsCounted();
    }

    @Test
    void acceptsAnEmptyList() {
      assertCreated(send(pulse(now("Z"), "[]")));
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
    }

    @Test
    void countsTheSameLanguageTwiceInOnePulse() {
      assertCreated(send(pulse(now("Z"), "[{\"language\":\"Java\",\"xp\":3},{\"language\":\"Java\",\"xp\":4}]")));
      assertThat(xpOf(alice.user().id())).isEqualTo(7);
      assertThat(languageXp(alice.user().id())).containsEntry("Java", 7L);
    }

    @Test
    void ignoresUnknownKeysAndAcceptsAnyKeyOrder() {
      assertCreated(send("{\"xps\":[{\"xp\":3,\"editor\":\"vim\",\"language\":\"Go\"}],\"extra\":1,\"coded_at\":\""
          + now("Z") + "\"}"));
      assertThat(languageXp(alice.user().id())).containsEntry("Go", 3L);
    }

    @Test
    void acceptsZeroXp() {
      assertCreated(send(pulse(now("Z"), oneLanguage("Java", 0))));
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
    }
  }

  Map<String, Long> languageXp(long userId) {
    var result = new TreeMap<String, Long>();
    jdbc.sql("select l.name, a.xp from user_language_xp a join languages l on l.id = a.language_id where a.user_id = ?")
        .param(userId)
        .query(rs -> {
          result.put(rs.getString(1), rs.getLong(2));
        });
    return result;
  }

  @Nested
  class LanguageNames {

    @Test
    void trimsNamesAndCallsEmptyOnesPlainText() {
      assertCreated(send(pulse(now("Z"),
          "[{\"language\":\"  Kotlin \\t\",\"xp\":2},{\"language\":\"\",\"xp\":3},{\"language\":\"   \",\"xp\":4}]")));
      assertThat(languageXp(alice.user().id()))
          .containsExactlyInAnyOrderEntriesOf(Map.of("Kotlin", 2L, "Plain text", 7L));
    }

    @Test
    void identifiesLanguagesCaseInsensitivelyAndKeepsTheFirstSpelling() {
      String first = TestUsers.uniqueName("MyLang");
      assertCreated(send(pulse(now("Z"), oneLanguage(first, 2))));
      assertCreated(send(pulse(now("+01:00"), oneLanguage(first.toUpperCase(Locale.ROOT), 3))));
      assertCreated(send(pulse(now("+02:00"), oneLanguage(first.toLowerCase(Locale.ROOT), 4))));
      assertThat(languageXp(alice.user().id())).containsExactlyEntriesOf(Map.of(first, 9L));
    }

    @Test
    void countsAliasesUnderTheirTargetAndKeepsTheNameAsSent() {
      String target = TestUsers.uniqueName("Target");
      String alias = TestUsers.uniqueName("alias");
      languages.makeAlias(alias, target);
      assertCreated(send(pulse(now("Z"), oneLanguage(alias.toUpperCase(Locale.ROOT), 6))));
      assertThat(languageXp(alice.user().id())).containsExactlyEntriesOf(Map.of(target, 6L));
      String sentAs =
          jdbc.sql("select l.name from xps x join languages l on l.id = x.original_language_id where x.user_id = ?")
              .param(alice.user().id())
              .query(String.class)
              .single();
      assertThat(sentAs).isEqualTo(alias);

      languages.removeAlias(alias);
      assertThat(languageXp(alice.user().id())).containsExactlyEntriesOf(Map.of(alias, 6L));
    }

    @Test
    void aliasingMovesXpAlreadyStored() {
      String target = TestUsers.uniqueName("Target");
      String alias = TestUsers.uniqueName("alias");
      assertCreated(send(
          pulse(now("Z"), "[{\"language\":\"" + alias + "\",\"xp\":6},{\"language\":\"" + target + "\",\"xp\":1}]")));
      languages.makeAlias(alias, target);
      assertThat(languageXp(alice.user().id())).containsExactlyEntriesOf(Map.of(target, 7L));
    }
  }

  @Nested
  class PathsAndTransport {

    HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) {
      var request =
          http.request(path).header("X-API-Token", alice.token()).header("Content-Type", "application/json").POST(body);
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return http.send(request.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/my/pulses", "/api/my/pulses/", "/api//my/pulses", "/api//my/pulses/"})
    void servesEveryPathThatClientsUseWithoutRedirect(String path) {
      assertCreated(post(path, HttpRequest.BodyPublishers.ofString(pulse(now("Z"), oneLanguage("Rust", 1)))));
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
    }

    @Test
    void acceptsChunkedBodiesWithoutContentLength() {
      byte[] body = pulse(now("Z"), oneLanguage("Rust", 4)).getBytes(StandardCharsets.UTF_8);
      // an input-stream publisher has no known length, so the client sends it chunked
      var response =
          post("/api/my/pulses", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
      assertCreated(response);
      assertThat(xpOf(alice.user().id())).isEqualTo(4);
    }

    @Test
    void acceptsPrettyPrintedJsonAndAnyAcceptOrUserAgentHeaders() {
      String pretty =
          """
          {
            "coded_at": "%s",
            "xps": [
              {
                "language": "Elixir",
                "xp": 30
              }
            ]
          }
          """
              .formatted(now("+03:00"));
      assertCreated(post("/api/my/pulses", HttpRequest.BodyPublishers.ofString(pretty), "Accept", "*/*", "User-Agent",
          "curl/8.5.0"));
      assertCreated(
          post(
              "/api/my/pulses",
              HttpRequest.BodyPublishers.ofString(pulse(now("+04:00"), oneLanguage("Elixir", 1))),
              "User-Agent",
              "node",
              "User-Agent",
              "node"));
      assertThat(xpOf(alice.user().id())).isEqualTo(31);
    }

    @Test
    void answersOtherMethodsWithJson() {
      var response = http.get("/api/my/pulses");
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    }
  }

  @Nested
  class Idempotency {

    @Test
    void countsARetriedPulseOnce() {
      String body = pulse(now("+02:00"), "[{\"language\":\"Java\",\"xp\":10},{\"language\":\"Go\",\"xp\":5}]");
      assertCreated(send(body));
      assertCreated(send(body));
      assertCreated(send(body.replace("{", "{ ")));
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
      assertThat(xpOf(alice.user().id())).isEqualTo(15);
      assertThat(languageXp(alice.user().id())).containsExactlyInAnyOrderEntriesOf(Map.of("Java", 10L, "Go", 5L));
    }

    @Test
    void theSameMomentInAnotherFormIsTheSameRetry() {
      LocalDateTime local = LocalDateTime.now(ZoneOffset.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
      assertCreated(send(pulse(local + "+05:00", oneLanguage("Java", 10))));
      assertCreated(
          send(pulse(local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + ".000+0500", oneLanguage("Java", 10))));
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
    }

    @Test
    void countsDifferentPulsesAtTheSameSecond() {
      String codedAt = now("Z");
      assertCreated(send(pulse(codedAt, oneLanguage("Java", 10))));
      assertCreated(send(pulse(codedAt, oneLanguage("Java", 11))));
      assertThat(xpOf(alice.user().id())).isEqualTo(21);
    }

    @Test
    void countsTheSamePulseFromTwoMachines() {
      var second = machines.create(alice.user().id(), "desktop");
      String body = pulse(now("Z"), oneLanguage("Java", 10));
      assertCreated(send(body));
      assertCreated(http.postPulse(second.token(), body));
      assertThat(xpOf(alice.user().id())).isEqualTo(20);
    }

    @Test
    void storesConcurrentRetriesOnce() throws Exception {
      String body = pulse(now("Z"), oneLanguage("Java", 10));
      var threads = Executors.newVirtualThreadPerTaskExecutor();
      var responses = new ArrayList<Future<HttpResponse<String>>>();
      for (int i = 0; i < 8; i++) {
        responses.add(threads.submit(() -> send(body)));
      }
      for (var response : responses) {
        assertCreated(response.get(30, TimeUnit.SECONDS));
      }
      threads.close();
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
      assertThat(xpOf(alice.user().id())).isEqualTo(10);
    }
  }

  @Nested
  class Caps {

    @Test
    void rejectsBodiesOverSixtyFourKibibytes() {
      String padding = " ".repeat(64 * 1024);
      var response = send(pulse(now("Z"), oneLanguage("Java", 1)) + padding);
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("\"error\"").contains("65536");
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }

    @Test
    void rejectsChunkedBodiesOverTheCapToo() {
      byte[] body = (pulse(now("Z"), oneLanguage("Java", 1)) + " ".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
      var response =
          http.send(
              http.request("/api/my/pulses")
                  .header("X-API-Token", alice.token())
                  .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                  .build());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }

    @Test
    void acceptsAHundredEntriesAndRejectsMore() {
      String hundred = entries(100);
      assertCreated(send(pulse(now("Z"), hundred)));
      var response = send(pulse(now("+01:00"), entries(101)));
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("at most 100");
      assertThat(pulsesOf(alice.machineId())).isEqualTo(1);
    }

    String entries(int n) {
      var json = new StringBuilder("[");
      for (int i = 0; i < n; i++) {
        json.append(i == 0 ? "" : ",").append("{\"language\":\"L").append(i % 7).append("\",\"xp\":1}");
      }
      return json.append(']').toString();
    }

    @Test
    void acceptsAHundredThousandXpPerEntryAndRejectsMore() {
      assertCreated(send(pulse(now("Z"), oneLanguage("Java", 100_000))));
      for (String xp : new String[] {"100001", "2147483648", "99999999999999999999999999"}) {
        var response = send(pulse(now("+01:00"), "[{\"language\":\"Java\",\"xp\":" + xp + "}]"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("at most 100000");
      }
      assertThat(xpOf(alice.user().id())).isEqualTo(100_000);
    }

    @Test
    void limitsLanguageNamesTo255CharactersNotBytes() {
      String emoji = "🦀".repeat(255); // 255 characters, 1020 bytes
      assertCreated(send(pulse(now("Z"), oneLanguage(emoji, 1))));
      var response = send(pulse(now("+01:00"), oneLanguage("x".repeat(256), 1)));
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("at most 255");
      assertThat(languageXp(alice.user().id())).containsOnlyKeys(emoji);
    }

    @Test
    void limitsTheRatePerMachineWith429AndRetryAfter() {
      var other = machines.create(alice.user().id(), "other");
      int created = 0;
      HttpResponse<String> refused = null;
      // the clock stands still, so the bucket does not refill while it is emptied
      clock.freeze();
      try {
        for (int i = 0; i < 400 && refused == null; i++) {
          var response = send(pulse(now("Z"), oneLanguage("Java", i)));
          if (response.statusCode() == 201) {
            created++;
          } else {
            refused = response;
          }
        }
      } finally {
        clock.resume();
      }
      assertThat(refused).isNotNull();
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
      assertThat(refused.body()).contains("\"error\"");
      assertThat(created).isEqualTo(100); // the burst (codestats.pulse-rate-limit.burst in the tests)
      assertThat(pulsesOf(alice.machineId())).isEqualTo(created);
      // other machines have buckets of their own
      assertCreated(http.postPulse(other.token(), pulse(now("Z"), oneLanguage("Java", 1))));
    }

    @Test
    void rejectsDeeplyNestedJson() {
      String deep = "[".repeat(5000) + "]".repeat(5000);
      assertError(send("{\"coded_at\":\"" + now("Z") + "\",\"xps\":[],\"x\":" + deep + "}"), 400,
          "Invalid xps format.");
      assertThat(pulsesOf(alice.machineId())).isZero();
      assertAValidPulseIsCounted();
    }
  }

  @Test
  void aCreatedPulseIsCommittedBeforeTheAnswer() {
    var response = send(pulse(now("Z"), oneLanguage("Java", 12)));
    assertCreated(response);
    // read through another connection right after the answer
    assertThat(xpOf(alice.user().id())).isEqualTo(12);
    assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
    assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
  }
}
