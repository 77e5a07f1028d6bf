package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.SignedInGraphQl;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL profile API against hand-computed figures. User A codes at +05:30 around UTC
 * evening of day D (so their local date is already D+1), user B at -08:00 in the UTC early
 * morning of D (locally still D-1).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileGraphTest {

  static final JsonMapper JSON = JsonMapper.shared();
  static final DateTimeFormatter CODED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired WebApplicationContext context;

  Http http;
  TestUsers users;
  User a;
  User b;
  LocalDate d;
  Instant h0;

  @BeforeAll
  void pulses() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    d = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    h0 = d.atTime(18, 0).toInstant(ZoneOffset.UTC);

    var first = users.userWithMachine("graphA");
    a = first.user();
    var desktop = machines.create(a.id(), "desktop");
    var oldBox = machines.create(a.id(), "old box");
    ZoneOffset india = ZoneOffset.ofHoursMinutes(5, 30);
    // 18:20 UTC = 23:50 local on D
    pulse(first.token(), h0.plus(20, ChronoUnit.MINUTES), india, "Java", 100, "Python", 10);
    // 18:50 UTC = 00:20 local on D+1
    pulse(desktop.token(), h0.plus(50, ChronoUnit.MINUTES), india, "Java", 200);
    // 21:10 UTC = 02:40 local on D+1
    pulse(first.token(), h0.plus(190, ChronoUnit.MINUTES), india, "Elixir", 50);
    // from a machine deactivated later: counts in totals and languages, not in machines
    pulse(oldBox.token(), h0.plus(15, ChronoUnit.MINUTES), india, "Python", 5);
    machines.setActive(a.id(), oldBox.machine().id(), false);

    var second = users.userWithMachine("graphB");
    b = second.user();
    // 03:30 UTC on D = 19:30 local on D-1
    pulse(second.token(), d.atTime(3, 30).toInstant(ZoneOffset.UTC), ZoneOffset.ofHours(-8), "Java", 70);
  }

  private void pulse(String token, Instant at, ZoneOffset offset, Object... languageXp) {
    StringBuilder xps = new StringBuilder();
    for (int i = 0; i < languageXp.length; i += 2) {
      xps.append(i == 0 ? "" : ",")
          .append("{\"language\":\"").append(languageXp[i]).append("\",\"xp\":").append(languageXp[i + 1]).append('}');
    }
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, offset));
    var response = http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":[" + xps + "]}");
    assertThat(response.statusCode()).isEqualTo(201);
  }

  private JsonNode query(String document) {
    var response =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", document))))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode profile(User user, String fields) {
    JsonNode body = query("{ profile(username: \"" + user.username() + "\") { " + fields + " } }");
    assertThat(body.has("errors")).as(body.toString()).isFalse();
    return body.get("data").get("profile");
  }

  private static List<String> pairs(JsonNode list, String key, String value) {
    return list.valueStream().map(n -> n.get(key).asString() + "=" + n.get(value).asString()).toList();
  }

  @Test
  void totalsAndAllTimeLanguagesIncludeDeactivatedMachines() {
    JsonNode p = profile(a, "totalXp registered languages { name xp }");
    assertThat(p.get("totalXp").asLong()).isEqualTo(365);
    assertThat(pairs(p.get("languages"), "name", "xp")).containsExactly("Java=300", "Elixir=50", "Python=15");
    assertThat(Instant.parse(p.get("registered").asString())).isCloseTo(a.createdAt(), within());
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return new org.assertj.core.data.TemporalUnitWithinOffset(1, ChronoUnit.MILLIS);
  }

  @Test
  void languagesSinceAnInstantIncludePulsesAtOrAfterIt() {
    String at1820 = h0.plus(20, ChronoUnit.MINUTES).toString();
    String at1830 = h0.plus(30, ChronoUnit.MINUTES).toString();
    String at1900 = h0.plus(60, ChronoUnit.MINUTES).toString();
    // the same instant as 18:30 UTC, written with India's offset
    String at1830india =
        OffsetDateTime.ofInstant(h0.plus(30, ChronoUnit.MINUTES), ZoneOffset.ofHoursMinutes(5, 30)).toString();
    JsonNode p =
        profile(
            a,
            "exact: languages(since: \"" + at1820 + "\") { name xp } "
                + "mid: languages(since: \"" + at1830 + "\") { name xp } "
                + "india: languages(since: \"" + at1830india + "\") { name xp } "
                + "hour: languages(since: \"" + at1900 + "\") { name xp } "
                + "future: languages(since: \"2999-01-01T00:00:00Z\") { name xp }");
    assertThat(pairs(p.get("exact"), "name", "xp")).containsExactly("Java=300", "Elixir=50", "Python=10");
    assertThat(pairs(p.get("mid"), "name", "xp")).containsExactly("Java=200", "Elixir=50");
    assertThat(pairs(p.get("india"), "name", "xp")).containsExactly("Java=200", "Elixir=50");
    assertThat(pairs(p.get("hour"), "name", "xp")).containsExactly("Elixir=50");
    assertThat(p.get("future").size()).isZero();
  }

  @Test
  void machinesListActiveOnesWithOrWithoutSince() {
    String at1830 = h0.plus(30, ChronoUnit.MINUTES).toString();
    String before = h0.minus(1, ChronoUnit.HOURS).toString();
    JsonNode p =
        profile(
            a,
            "all: machines { name xp } mid: machines(since: \"" + at1830 + "\") { name xp } "
                + "before: machines(since: \"" + before + "\") { name xp }");
    assertThat(pairs(p.get("all"), "name", "xp")).containsExactly("desktop=200", "laptop=160");
    assertThat(pairs(p.get("mid"), "name", "xp")).containsExactly("desktop=200", "laptop=50");
    assertThat(pairs(p.get("before"), "name", "xp")).containsExactly("desktop=200", "laptop=160");
  }

  @Test
  void datesAreTheUsersLocalDates() {
    JsonNode p =
        profile(a, "all: dates { date xp } later: dates(since: \"" + d.plusDays(1) + "\") { date xp }");
    assertThat(pairs(p.get("all"), "date", "xp")).containsExactly(d + "=115", d.plusDays(1) + "=250");
    assertThat(pairs(p.get("later"), "date", "xp")).containsExactly(d.plusDays(1) + "=250");

    JsonNode pb = profile(b, "dates { date xp } hourOfDayXps");
    assertThat(pairs(pb.get("dates"), "date", "xp")).containsExactly(d.minusDays(1) + "=70");
    assertThat(pb.get("hourOfDayXps").get("19").asLong()).isEqualTo(70);
    assertThat(pb.get("hourOfDayXps").has("3")).isFalse();
  }

  @Test
  void dayLanguageXpsPerLocalDateAndLanguage() {
    JsonNode p =
        profile(
            a,
            "all: dayLanguageXps(since: \"" + d.minusDays(5) + "\") { date language xp } "
                + "later: dayLanguageXps(since: \"" + d.plusDays(1) + "\") { date language xp }");
    assertThat(p.get("all").valueStream()
        .map(n -> n.get("date").asString() + " " + n.get("language").asString() + " " + n.get("xp").asLong()))
        .containsExactly(
            d + " Java 100", d + " Python 15", d.plusDays(1) + " Java 200", d.plusDays(1) + " Elixir 50");
    assertThat(p.get("later").valueStream().map(n -> n.get("language").asString() + " " + n.get("xp").asLong()))
        .containsExactly("Java 200", "Elixir 50");
  }

  @Test
  void dayLanguageXpsAgreeInsideAndOutsideTheCachedWindowAndFollowNewPulses() {
    JsonNode p =
        profile(
            a,
            "recent: dayLanguageXps(since: \"" + d.minusDays(5) + "\") { date language xp } "
                + "old: dayLanguageXps(since: \"" + d.minusDays(400) + "\") { date language xp }");
    assertThat(p.get("recent")).isEqualTo(p.get("old"));

    var fresh = users.userWithMachine("graphFresh");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String since = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
    pulse(fresh.token(), now, ZoneOffset.UTC, "Zig", 3);
    assertThat(profile(fresh.user(), "dayLanguageXps(since: \"" + since + "\") { language xp }").get("dayLanguageXps")
        .toString())
        .isEqualTo("[{\"language\":\"Zig\",\"xp\":3}]");
    pulse(fresh.token(), now.plusSeconds(1), ZoneOffset.UTC, "Zig", 4);
    assertThat(profile(fresh.user(), "dayLanguageXps(since: \"" + since + "\") { language xp }").get("dayLanguageXps")
        .toString())
        .isEqualTo("[{\"language\":\"Zig\",\"xp\":7}]");
  }

  @Test
  void dayOfWeekFromLocalDatesMondayIsOne() {
    JsonNode p =
        profile(
            a,
            "all: dayOfWeekXps { day xp } later: dayOfWeekXps(since: \"" + d.plusDays(1) + "\") { day xp }");
    int dow = d.getDayOfWeek().getValue();
    int next = d.plusDays(1).getDayOfWeek().getValue();
    var expected = new TreeMap<Integer, Long>(Map.of(dow, 115L, next, 250L));
    assertThat(pairs(p.get("all"), "day", "xp"))
        .containsExactlyElementsOf(expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    assertThat(pairs(p.get("later"), "day", "xp")).containsExactly(next + "=250");
  }

  @Test
  void dayOfYearFoldsOntoALeapYearWithEveryKey() {
    JsonNode doy = profile(a, "dayOfYearXps").get("dayOfYearXps");
    assertThat(doy.size()).isEqualTo(366);
    int day = LocalDate.of(2000, d.getMonth(), d.getDayOfMonth()).getDayOfYear();
    int next = LocalDate.of(2000, d.plusDays(1).getMonth(), d.plusDays(1).getDayOfMonth()).getDayOfYear();
    assertThat(doy.get(Integer.toString(day)).asLong()).isEqualTo(115);
    assertThat(doy.get(Integer.toString(next)).asLong()).isEqualTo(250);
    long sum = doy.valueStream().mapToLong(JsonNode::asLong).sum();
    assertThat(sum).isEqualTo(365);
    assertThat(doy.has("1")).isTrue();
    assertThat(doy.has("366")).isTrue();
    assertThat(doy.has("0")).isFalse();
  }

  /** As the original: only hours with XP are listed. */
  @Test
  void hourOfDayUsesLocalHoursAndListsOnlyHoursWithXp() {
    JsonNode hours = profile(a, "hourOfDayXps").get("hourOfDayXps");
    assertThat(hours.properties().stream().map(e -> e.getKey() + "=" + e.getValue().asLong()))
        .containsExactlyInAnyOrder("23=115", "0=200", "2=50");
  }

  @Test
  void usernameIsANullableStringAsInTheOriginal() {
    String document = "query P($u: String) { profile(username: $u) { totalXp } }";
    JsonNode found = queryWithVariables(document, Map.of("u", a.username()));
    assertThat(found.get("data").get("profile").get("totalXp").asLong()).as(found.toString()).isEqualTo(365);
    var nullName = new HashMap<String, Object>();
    nullName.put("u", null);
    for (JsonNode body : List.of(queryWithVariables(document, Map.of()), queryWithVariables(document, nullName),
        query("{ profile { totalXp } }"), query("{ profile(username: null) { totalXp } }"))) {
      assertThat(body.get("data").get("profile").isNull()).as(body.toString()).isTrue();
      assertThat(body.get("errors").get(0).get("message").asString())
          .isEqualTo("User not found or no access to profile.");
    }
  }

  private JsonNode queryWithVariables(String document, Map<String, Object> variables) {
    var response =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers
                    .ofString(JSON.writeValueAsString(Map.of("query", document, "variables", variables))))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The review's document: each fragment spreads the next, the last selects __typename. */
  static String fragmentChain(int fragments) {
    var doc = new StringBuilder("query{...f0}");
    for (int i = 0; i < fragments; i++) {
      doc.append(" fragment f").append(i).append(" on RootQueryType{")
          .append(i + 1 < fragments ? "...f" + (i + 1) : "__typename").append('}');
    }
    return doc.toString();
  }

  @Test
  void fragmentChainsAreRefusedBeforeValidation() {
    JsonNode shortChain = rawQuery(fragmentChain(5));
    assertThat(shortChain.get("data").get("__typename").asString()).as(shortChain.toString())
        .isEqualTo("RootQueryType");

    // 16 KB, as in the review (which had ~546 fragments on the shorter type name Query): the
    // parser stops at its token budget
    long start = System.nanoTime();
    JsonNode longChain = rawQuery(fragmentChain(400));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(longChain.get("errors").get(0).get("message").asString()).as(longChain.toString())
        .startsWith("More than 2,000 'grammar' tokens");
    assertThat(longChain.has("data") && !longChain.get("data").isNull()).isFalse();
    assertThat(millis).as("answered in ms").isLessThan(1_000);
    // within the token budget, the fragments are counted before validation
    JsonNode counted = rawQuery(fragmentChain(40));
    assertThat(counted.get("errors").get(0).get("message").asString()).as(counted.toString())
        .isEqualTo("Too many fragments: 40 > 32.");
    assertThat(counted.has("data") && !counted.get("data").isNull()).isFalse();
  }

  @Test
  void fragmentFanOutAndHugeDocumentsAreRefused() {
    // 20 fragments, each spreading the next twice: 2^20 selections once expanded
    var fanOut = new StringBuilder("{ profile(username: \"" + a.username() + "\") { ...f0 } }");
    for (int i = 0; i < 20; i++) {
      fanOut.append(" fragment f").append(i).append(" on Profile { ")
          .append(i + 1 < 20 ? "...f" + (i + 1) + " a" + i + ": totalXp ...f" + (i + 1) : "totalXp").append(" }");
    }
    assertThat(rawQuery(fanOut.toString()).get("errors").get(0).get("message").asString())
        .isEqualTo("Too many selections with fragments expanded: more than 500.");
    // many tokens: refused by the parser (a positive control: the same shape, short, runs)
    assertThat(rawQuery("{ " + "__typename ".repeat(10) + "}").has("errors")).isFalse();
    JsonNode tokens = rawQuery("{ " + "t ".repeat(2_100) + "}");
    assertThat(tokens.get("errors").get(0).get("message").asString()).as(tokens.toString())
        .startsWith("More than 2,000 'grammar' tokens");
  }

  private JsonNode rawQuery(String document) {
    var response =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(document))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** 127.0.0.21 is not exempt in the test profile (127.0.0.1 is). */
  @Test
  void requestsPerAddressAreLimitedWithRetryAfter() throws Exception {
    var client = new WebSession(port, InetAddress.getByName("127.0.0.21"));
    String document = "{ profile(username: \"" + a.username() + "\") { totalXp } }";
    Supplier<HttpResponse<String>> send =
        () -> client.send(HttpRequest.newBuilder(client.uri("/profile-graph"))
            .header("Content-Type", "text/plain")
            .header("Origin", "https://viewer.example")
            .POST(HttpRequest.BodyPublishers.ofString(document))
            .build());
    // the bucket refills one a second while the test runs
    int served = 0;
    HttpResponse<String> limited = send.get();
    while (limited.statusCode() == 200 && served < RawGraphQlDocumentFilter.PER_ADDRESS.capacity() + 100) {
      served++;
      limited = send.get();
    }
    assertThat(served).isGreaterThanOrEqualTo(RawGraphQlDocumentFilter.PER_ADDRESS.capacity());
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(limited.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(JSON.readTree(limited.body()).get("errors").get(0).get("message").asString())
        .startsWith("Too many requests");
    // another address is still served
    var other = new WebSession(port, InetAddress.getByName("127.0.0.22"));
    assertThat(other.send(HttpRequest.newBuilder(other.uri("/profile-graph"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(document)).build()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void usernameMatchesCaseInsensitively() {
    JsonNode body = query("{ profile(username: \"" + a.username().toUpperCase() + "\") { totalXp } }");
    assertThat(body.get("data").get("profile").get("totalXp").asLong()).isEqualTo(365);
  }

  @Test
  void unknownOrPrivateProfileIsAnErrorWithNullProfile() {
    User hidden = users.user("graphPrivate");
    accounts.setPrivateProfile(hidden.id(), true);
    for (String name : List.of("no-such-user-" + System.nanoTime(), hidden.username())) {
      JsonNode body = query("{ profile(username: \"" + name + "\") { totalXp } }");
      assertThat(body.get("data").get("profile").isNull()).isTrue();
      assertThat(body.get("errors").get(0).get("message").asString())
          .isEqualTo("User not found or no access to profile.");
    }
  }

  @Test
  void ownerReadsTheirOwnPrivateProfileThroughTheSession() throws Exception {
    var owner = users.userWithMachine("graphOwner");
    pulse(owner.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC, "Go", 42);
    accounts.setPrivateProfile(owner.user().id(), true);
    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    String document =
        JSON.writeValueAsString(
            Map.of("query", "{ profile(username: \"" + owner.user().username() + "\") { totalXp } }"));

    JsonNode asOwner = JSON.readTree(SignedInGraphQl.post(mvc, document, owner.user().username()));
    JsonNode asOther = JSON.readTree(SignedInGraphQl.post(mvc, document, a.username()));

    assertThat(asOwner.get("data").get("profile").get("totalXp").asLong()).isEqualTo(42);
    assertThat(asOther.get("data").get("profile").isNull()).isTrue();
    assertThat(asOther.get("errors").get(0).get("message").asString())
        .isEqualTo("User not found or no access to profile.");
  }

  @Test
  void acceptsARawDocumentBodyAsTheOriginalSiteSends() {
    String document = "{ profile(username: \"" + a.username() + "\") { totalXp } }";
    for (String type : List.of("text/plain;charset=UTF-8", "application/graphql", "application/json")) {
      HttpResponse<String> response =
          http.send(
              http.request("/profile-graph")
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString(document))
                  .build());
      assertThat(response.statusCode()).as(type).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      assertThat(JSON.readTree(response.body()).get("data").get("profile").get("totalXp").asLong()).isEqualTo(365);
    }
  }

  @Test
  void jsonRequestsTakeVariables() {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "query",
                "query($u: String!, $s: Datetime) { profile(username: $u) { languages(since: $s) { name xp } } }",
                "variables", Map.of("u", a.username(), "s", h0.plus(1, ChronoUnit.HOURS).toString())));
    var response =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertThat(pairs(JSON.readTree(response.body()).get("data").get("profile").get("languages"), "name", "xp"))
        .containsExactly("Elixir=50");
  }

  @Test
  void corsIsOpenForReads() {
    var preflight =
        http.send(
            http.request("/profile-graph")
                .header("Origin", "https://viewer.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

    var response =
        http.send(
            http.request("/profile-graph")
                .header("Origin", "https://viewer.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers
                    .ofString("{\"query\":\"{ profile(username: \\\"" + a.username() + "\\\") { totalXp } }\"}"))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
  }

  @Test
  void refusesQueriesTooDeepOrTooCostly() {
    StringBuilder many = new StringBuilder("{ ");
    for (int i = 0; i < 5; i++) {
      many.append("p").append(i).append(": profile(username: \"").append(a.username())
          .append(
              "\") { totalXp languages { name xp } machines { name xp } dates { date xp } dayOfYearXps hourOfDayXps } ");
    }
    many.append('}');
    JsonNode costly = query(many.toString());
    assertThat(costly.get("errors").get(0).get("message").asString()).containsIgnoringCase("complexity");
    assertThat(costly.path("data").path("p0").isMissingNode() || costly.path("data").isNull()
        || costly.path("data").isMissingNode()).isTrue();

    // introspection nests without end; asking for a recursive field twice is not in good faith
    JsonNode deep = query("{ __schema { types { fields { type { fields { type { name } } } } } } }");
    assertThat(deep.get("errors").get(0).get("message").asString()).containsIgnoringCase("introspection");
    assertThat(deep.path("data").path("__schema").isMissingNode() || deep.path("data").path("__schema").isNull())
        .isTrue();
    var tooDeep = new StringBuilder("{ __type(name: \"Profile\") { ");
    tooDeep.append("ofType { ".repeat(21)).append("name").append(" }".repeat(21)).append(" } }");
    JsonNode depth = query(tooDeep.toString());
    assertThat(depth.get("errors").get(0).get("message").asString()).as(depth.toString()).containsIgnoringCase("depth");
  }

  @Test
  void badArgumentsAreClientErrors() {
    JsonNode badInstant =
        query("{ profile(username: \"" + a.username() + "\") { languages(since: \"yesterday\") { name } } }");
    assertThat(badInstant.get("errors").get(0).get("message").asString()).contains("Datetime");
    JsonNode badDate =
        query("{ profile(username: \"" + a.username() + "\") { dates(since: \"2020-13-45\") { date } } }");
    assertThat(badDate.get("errors").get(0).get("message").asString()).contains("Date");
    var garbage =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{{{ not graphql"))
                .build());
    assertThat(garbage.statusCode()).isLessThan(500);
    var huge =
        http.send(
            http.request("/profile-graph")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{" + " ".repeat(100_000) + "}"))
                .build());
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  /** Java parses years of up to nine digits; the database and java.sql.Timestamp do not hold them. */
  @Test
  void datesOutsideFourDigitYearsAreBadArgumentsNotServerErrors() {
    for (String field : List.of("languages(since: \"%s\") { name }", "machines(since: \"%s\") { name }")) {
      for (String since : List.of("+99999-12-31T00:00:00Z", "-4714-12-31T00:00:00Z", "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z")) {
        JsonNode body = query("{ profile(username: \"" + a.username() + "\") { " + field.formatted(since) + " } }");
        assertThat(body.toString()).doesNotContain("INTERNAL_ERROR");
        assertThat(body.get("errors").get(0).get("message").asString()).as(body.toString())
            .contains("Invalid Datetime");
      }
    }
    for (String field : List.of("dates(since: \"%s\") { date }", "dayLanguageXps(since: \"%s\") { date }",
        "dayOfWeekXps(since: \"%s\") { day }")) {
      for (String since : List.of("+99999999-12-31", "-99999999-01-01", "+999999999-12-31", "-4714-01-01")) {
        JsonNode body = query("{ profile(username: \"" + a.username() + "\") { " + field.formatted(since) + " } }");
        assertThat(body.toString()).doesNotContain("INTERNAL_ERROR");
        assertThat(body.get("errors").get(0).get("message").asString()).as(body.toString()).contains("Invalid Date");
      }
    }
    JsonNode variable =
        JSON.readTree(
            http.send(
                http.request("/profile-graph")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"query($s: Datetime) { profile(username: \\\"" + a.username()
                            + "\\\") { languages(since: $s) { name } } }\",\"variables\":{\"s\":\"+99999-01-01T00:00:00Z\"}}"))
                    .build())
                .body());
    assertThat(variable.get("errors").get(0).get("message").asString()).as(variable.toString())
        .contains("Invalid Datetime");
    JsonNode edge = query("{ profile(username: \"" + a.username() + "\") { dates(since: \"0000-01-01\") { date } "
        + "languages(since: \"9999-12-31T23:59:59Z\") { name } } }");
    assertThat(edge.has("errors")).as(edge.toString()).isFalse();
  }
}
