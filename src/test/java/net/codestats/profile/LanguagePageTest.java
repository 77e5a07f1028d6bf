package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguages;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.xp.XpQueries;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Language pages, "explain a day" and the GraphQL language field, against pulses whose figures
 * are worked out by hand.
 */
@IntegrationTest
class LanguagePageTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH);
  static final ZoneOffset ZONE = ZoneOffset.ofHours(-5);
  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired XpQueries xpQueries;
  @Autowired HiddenLanguages hiddenLanguages;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  private void pulse(String token, Instant at, String xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, ZONE));
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").statusCode())
        .isEqualTo(201);
  }

  /** Java: 230,000 XP two days ago on the laptop, 1,210 an hour ago on the desktop; Python 1,024 an hour ago. */
  private record Coder(TestUsers.UserWithMachine laptop, String desktopToken, Instant old, Instant recent) {
    String name() {
      return laptop.user().username();
    }

    LocalDate oldDay() {
      return LocalDate.ofInstant(old, ZONE);
    }

    LocalDate recentDay() {
      return LocalDate.ofInstant(recent, ZONE);
    }
  }

  private Coder coder(String prefix) {
    var laptop = users.userWithMachine(prefix);
    String desktop = machines.create(laptop.user().id(), "desktop").token();
    Instant old = Instant.now().minus(2, ChronoUnit.DAYS);
    Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);
    pulse(laptop.token(), old,
        "[{\"language\":\"Java\",\"xp\":100000},{\"language\":\"Java\",\"xp\":100000},{\"language\":\"Java\",\"xp\":30000}]");
    pulse(desktop, recent, "[{\"language\":\"Java\",\"xp\":1210},{\"language\":\"Python\",\"xp\":1024}]");
    return new Coder(laptop, desktop, old, recent);
  }

  @Test
  void headerShowsLevelTotalRecentFirstAndLastDayAndShare() {
    var coder = coder("langpage");
    var response = http.get("/users/" + coder.name() + "/languages/Java");
    assertThat(response.statusCode()).isEqualTo(200);
    Document page = Jsoup.parse(response.body());
    assertThat(page.title()).isEqualTo("Java – " + coder.name() + " – Code::Stats");
    assertThat(page.getElementById("language-level").text()).isEqualTo("Java level 12 (231,210 XP) (+1,210)");
    assertThat(page.getElementById("language-xp").text()).isEqualTo("231,210 XP");
    assertThat(page.getElementById("language-recent").text()).isEqualTo("1,210 XP");
    assertThat(page.getElementById("language-first").text()).isEqualTo(DATE.format(coder.oldDay()));
    assertThat(page.getElementById("language-last").text()).isEqualTo(DATE.format(coder.recentDay()));
    // 231,210 of 232,234
    assertThat(page.getElementById("language-share").text()).isEqualTo("99.6 %");
    // the bar: level 12 starts at 230,400, level 13 at 270,400; old XP 230,000 lies below the level
    var rects = page.select("#language-bar rect");
    assertThat(rects.get(0).attr("width")).isEqualTo("0");
    assertThat(rects.get(1).attr("width")).isEqualTo("2");

    JsonNode data = JsonMapper.shared().readTree(page.getElementById("language-data").data());
    assertThat(data.get("xp").asLong()).isEqualTo(231_210);
    assertThat(data.get("userTotalXp").asLong()).isEqualTo(232_234);
    assertThat(data.get("yearDays").get(coder.oldDay().toString()).asLong()).isEqualTo(230_000);
    assertThat(data.get("machines").valueStream().map(m -> m.get("name").asString() + "=" + m.get("xp").asLong()))
        .containsExactly("laptop=230000", "desktop=1210");
    int oldHour = OffsetDateTime.ofInstant(coder.old(), ZONE).getHour();
    assertThat(data.get("hours").get(oldHour).asLong()).isGreaterThanOrEqualTo(230_000);
    assertThat(data.get("hours").valueStream().mapToLong(JsonNode::asLong).sum()).isEqualTo(231_210);
    assertThat(data.get("weeks").valueStream().mapToLong(w -> w.get("xp").asLong()).sum()).isEqualTo(231_210);
    // the calendar: the old day's cell is the busiest shade, and visitors get no links
    var cell = page.selectFirst("#calendar td[data-date=" + coder.oldDay() + "]");
    assertThat(cell.className()).isEqualTo("doy-heat-4");
    assertThat(cell.attr("title")).isEqualTo(DATE.format(coder.oldDay()) + ": 230,000 XP");
    assertThat(page.select("#calendar a")).isEmpty();

    // the profile links its languages here
    String profile = http.get("/users/" + coder.name()).body();
    assertThat(profile).contains("<a href=\"/users/" + coder.name() + "/languages/Java\">Java level 12 (231,210 XP)");
    assertThat(profile).contains("<a href=\"/users/" + coder.name() + "/languages/Python\">Python level 0");
  }

  /** Hidden items leave the visitors' page (a hidden language is a 404); the owner sees all. */
  @Test
  void hiddenMachinesAndLanguagesAreLeftOutForVisitors() {
    var coder = coder("langhide");
    long desktopId = machines.list(coder.laptop().user().id()).stream()
        .filter(m -> m.name().equals("desktop")).findFirst().orElseThrow().id();
    var owner = new WebSession(port);
    owner.login(coder.name(), PASSWORD);
    // positive control: the desktop's XP shows while nothing is hidden
    assertThat(languageData(http.get("/users/" + coder.name() + "/languages/Java").body()).get("xp").asLong())
        .isEqualTo(231_210);

    machines.setHidden(coder.laptop().user().id(), desktopId, true);
    JsonNode visitor = languageData(http.get("/users/" + coder.name() + "/languages/Java").body());
    assertThat(visitor.get("xp").asLong()).isEqualTo(230_000);
    assertThat(visitor.get("machines").valueStream().map(m -> m.get("name").asString())).containsExactly("laptop");
    JsonNode own = languageData(owner.get("/users/" + coder.name() + "/languages/Java").body());
    assertThat(own.get("xp").asLong()).isEqualTo(231_210);

    // Python came from the hidden desktop only: publicly it was never written
    assertThat(http.get("/users/" + coder.name() + "/languages/Python").statusCode()).isEqualTo(404);
    machines.setHidden(coder.laptop().user().id(), desktopId, false);
    assertThat(http.get("/users/" + coder.name() + "/languages/Python").statusCode()).isEqualTo(200);
    hiddenLanguages.setHidden(coder.laptop().user().id(), languages.lookUp("Python").orElseThrow().countedId(), true);
    assertThat(http.get("/users/" + coder.name() + "/languages/Python").statusCode()).isEqualTo(404);
    assertThat(owner.get("/users/" + coder.name() + "/languages/Python").statusCode()).isEqualTo(200);
  }

  private static JsonNode languageData(String html) {
    return JsonMapper.shared().readTree(Jsoup.parse(html).getElementById("language-data").data());
  }

  @Test
  void notFoundForUnknownUsersLanguagesNeverWrittenAndPrivateProfilesButTheOwner() {
    var coder = coder("lang404");
    languages.resolve("Rust"); // a language the server knows, which this user never wrote
    String base = "/users/" + coder.name() + "/languages/";
    assertThat(http.get(base + "Java").statusCode()).isEqualTo(200); // positive control
    assertThat(http.get(base + "Python").statusCode()).isEqualTo(200);
    var unknownUser = http.get("/users/nobody-" + coder.name() + "/languages/Java");
    assertThat(unknownUser.statusCode()).isEqualTo(404);
    var neverWritten = http.get(base + "Rust");
    assertThat(neverWritten.statusCode()).isEqualTo(404);
    assertThat(http.get(base + "No+such+language+" + coder.name()).statusCode()).isEqualTo(404);
    assertThat(http.get(base + "%25zz").statusCode()).isIn(400, 404);
    // the same answer as for an unknown user of that name
    assertThat(neverWritten.body()).isEqualTo(http.get("/users/" + coder.name() + "x").body()
        .replace(coder.name() + "x", coder.name()));

    accounts.setPrivateProfile(coder.laptop().user().id(), true);
    var hidden = http.get(base + "Java");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).isEqualTo(http.get("/users/" + coder.name()).body());
    var other = new WebSession(port);
    var viewer = users.user("langviewer");
    other.login(viewer.username(), PASSWORD);
    assertThat(other.get(base + "Java").statusCode()).isEqualTo(404);
    var owner = new WebSession(port);
    owner.login(coder.name(), PASSWORD);
    var own = owner.get(base + "Java");
    assertThat(own.statusCode()).isEqualTo(200);
    Document page = Jsoup.parse(own.body());
    assertThat(page.select("meta[name=channel_token]")).hasSize(1);
    // the owner's calendar days link to the pulses behind them
    assertThat(page.selectFirst("#calendar td[data-date=" + coder.oldDay() + "] a").attr("href"))
        .isEqualTo("/my/days/" + coder.oldDay() + "?language=Java");
    assertThat(owner.get(base + "Rust").statusCode()).isEqualTo(404);
  }

  @Test
  void namesDecodeLikeProfilePathsAndRedirectToTheirOwnSpelling() {
    var coder = users.userWithMachine("langnames");
    String unique = Long.toString(System.nanoTime(), 36);
    String spaced = "Visual Lang " + unique;
    String plus = "C++" + unique;
    String alias = "VL" + unique;
    pulse(coder.token(), Instant.now().minus(3, ChronoUnit.HOURS),
        "[{\"language\":\"" + spaced + "\",\"xp\":500},{\"language\":\"" + plus + "\",\"xp\":70}]");
    languages.makeAlias(alias, spaced);
    String name = coder.user().username();
    String base = "/users/" + name + "/languages/";
    String canonical = base + "Visual+Lang+" + unique;

    var page = http.get(canonical);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(page.body()).getElementById("language-xp").text()).isEqualTo("500 XP");
    assertThat(http.get(base + "Visual%20Lang%20" + unique).statusCode()).isEqualTo(200); // the same name
    assertThat(location(http.get(base + "visual+lang+" + unique))).isEqualTo(canonical);
    assertThat(location(http.get(base + alias.toLowerCase(Locale.ROOT)))).isEqualTo(canonical);
    assertThat(location(http.get("/users/" + name.toUpperCase(Locale.ROOT) + "/languages/Visual+Lang+" + unique)))
        .isEqualTo(canonical);
    // a '+' of the name itself is %2B
    var cpp = http.get(base + "C%2B%2B" + unique);
    assertThat(cpp.statusCode()).isEqualTo(200);
    assertThat(Jsoup.parse(cpp.body()).getElementById("language-xp").text()).isEqualTo("70 XP");
    assertThat(http.get(base + "C++" + unique).statusCode()).isEqualTo(404); // that is "C  …"
    assertThat(http.get("/users/" + name).body()).contains("href=\"" + base + "C%2B%2B" + unique + "\"");
  }

  private static String location(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    return location.replaceFirst("^https?://[^/]+", "");
  }

  @Test
  void explainADayListsThePulsesBehindTheDaysFigureToItsOwnerOnly() {
    var coder = coder("explain");
    // a second Java pulse on the recent day, on the laptop
    pulse(coder.laptop().token(), coder.recent().minus(5, ChronoUnit.MINUTES), "[{\"language\":\"Kotlin\",\"xp\":9}]");
    LocalDate day = coder.recentDay();
    long profileFigure =
        xpQueries.dates(coder.laptop().user().id(), day).stream()
            .filter(d -> d.date().equals(day))
            .findFirst()
            .orElseThrow()
            .xp();
    assertThat(profileFigure).isEqualTo(1210 + 1024 + 9);

    var owner = new WebSession(port);
    owner.login(coder.name(), PASSWORD);
    Document all = owner.page("/my/days/" + day);
    assertThat(all.getElementById("day-total").text()).startsWith("2,243 XP from 2 pulses");
    var rows = all.select("#day-pulses tbody tr");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).text()).contains("laptop").contains("Kotlin 9").contains("-05:00");
    assertThat(rows.get(1).text()).contains("desktop").contains("Java 1210").contains("Python 1024");
    assertThat(rows.get(1).selectFirst("th").text())
        .isEqualTo(OffsetDateTime.ofInstant(coder.recent(), ZONE).format(DateTimeFormatter.ofPattern("HH:mm:ss")));

    // in one language: the language page's figure for that day
    Document java = owner.page("/my/days/" + coder.oldDay() + "?language=java");
    assertThat(java.getElementById("day-total").text()).startsWith("230,000 XP from 1 pulse:");
    assertThat(java.select("#day-pulses tbody tr").text()).contains("Java 230000").doesNotContain("Python");
    Document javaRecent = owner.page("/my/days/" + day + "?language=Java");
    assertThat(javaRecent.getElementById("day-total").text()).startsWith("1,210 XP from 1 pulse:");

    // the profile's owner view tells the days table links here
    assertThat(owner.get("/users/" + coder.name()).body()).contains("id=\"explain-days\"");
    assertThat(http.get("/users/" + coder.name()).body()).doesNotContain("id=\"explain-days\"");

    // nobody else sees them: anonymous goes to the log-in, another user sees only their own (empty) day
    var anonymous = http.get("/my/days/" + day);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/login");
    var other = new WebSession(port);
    other.login(users.user("explainother").username(), PASSWORD);
    var theirs = other.get("/my/days/" + day + "?username=" + coder.name());
    assertThat(theirs.statusCode()).isEqualTo(200);
    assertThat(theirs.body()).contains("0 XP from 0 pulses").doesNotContain("desktop").doesNotContain("Java 1210");

    // bad input is a clear 4xx
    assertThat(owner.get("/my/days/2026-13-40").statusCode()).isEqualTo(400);
    assertThat(owner.get("/my/days/" + day + "?page=0").statusCode()).isEqualTo(400);
    assertThat(owner.get("/my/days/" + day + "?language=No+such+" + coder.name()).statusCode()).isEqualTo(404);
  }

  private JsonNode graphql(WebSession session, String document) {
    HttpRequest request =
        HttpRequest.newBuilder(session.uri("/profile-graph"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(Map.of("query", document))))
            .build();
    var response = session.send(request);
    assertThat(response.statusCode()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  @Test
  void graphQlLanguageFieldHasThePagesFiguresNullForLanguagesNeverWrittenAndACost() {
    var coder = coder("langgraph");
    languages.resolve("Rust");
    var anonymous = new WebSession(port);
    graphql(anonymous, "{ profile(username: \"" + coder.name() + "\") { language(name: \"Java\") { xp } } }"); // warm up
    String since = coder.recent().minus(1, ChronoUnit.MINUTES).toString();
    JsonNode body = graphql(anonymous, "{ profile(username: \"" + coder.name().toUpperCase(Locale.ROOT) + "\") {"
        + " java: language(name: \"java\") { name xp newXp level progress firstDate lastDate share"
        + "   machines { name xp } dates { date xp } hourOfDayXps recent: newXp(since: \"" + since + "\") }"
        + " rust: language(name: \"Rust\") { name } nothing: language(name: \"never-" + coder.name()
        + "\") { name } } }");
    assertThat(body.has("errors")).as(body.toString()).isFalse();
    JsonNode java = body.get("data").get("profile").get("java");
    assertThat(java.get("name").asString()).isEqualTo("Java");
    assertThat(java.get("xp").asLong()).isEqualTo(231_210);
    assertThat(java.get("newXp").asLong()).isEqualTo(1210);
    assertThat(java.get("recent").asLong()).isEqualTo(1210);
    assertThat(java.get("level").asInt()).isEqualTo(12);
    assertThat(java.get("progress").asInt()).isEqualTo(2);
    assertThat(java.get("firstDate").asString()).isEqualTo(coder.oldDay().toString());
    assertThat(java.get("lastDate").asString()).isEqualTo(coder.recentDay().toString());
    assertThat(java.get("share").asDouble()).isCloseTo(231_210.0 / 232_234, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(java.get("machines").toString())
        .isEqualTo("[{\"name\":\"laptop\",\"xp\":230000},{\"name\":\"desktop\",\"xp\":1210}]");
    assertThat(java.get("dates").valueStream().mapToLong(d -> d.get("xp").asLong()).sum()).isEqualTo(231_210);
    assertThat(java.get("hourOfDayXps").propertyStream().mapToLong(e -> e.getValue().asLong()).sum())
        .isEqualTo(231_210);
    assertThat(body.get("data").get("profile").get("rust").isNull()).isTrue();
    assertThat(body.get("data").get("profile").get("nothing").isNull()).isTrue();

    // private: the profile's own error, but the owner sees it
    accounts.setPrivateProfile(coder.laptop().user().id(), true);
    String document = "{ profile(username: \"" + coder.name() + "\") { language(name: \"Java\") { xp } } }";
    JsonNode hidden = graphql(anonymous, document);
    assertThat(hidden.get("data").get("profile").isNull()).isTrue();
    assertThat(hidden.get("errors").get(0).get("message").asString()).isEqualTo(ProfileGraphController.NO_ACCESS);
    var owner = new WebSession(port);
    owner.login(coder.name(), PASSWORD);
    assertThat(graphql(owner, document).get("data").get("profile").get("language").get("xp").asLong())
        .isEqualTo(231_210);

    // each language field costs LANGUAGE_FIELD_COST and its fields: eight fit in a request, nine do not
    int fits = (GraphQlConfiguration.MAX_COMPLEXITY - 1) / (GraphQlConfiguration.LANGUAGE_FIELD_COST + 1);
    assertThat(fits).isEqualTo(8);
    JsonNode eight = graphql(owner, languageFields(coder.name(), fits));
    assertThat(eight.has("errors")).as(eight.toString()).isFalse();
    assertThat(eight.get("data").get("profile").get("l7").get("xp").asLong()).isEqualTo(231_210);
    JsonNode refused = graphql(owner, languageFields(coder.name(), fits + 1));
    assertThat(refused.get("errors").get(0).get("message").asString()).containsIgnoringCase("complexity");
  }

  private static String languageFields(String user, int count) {
    var document = new StringBuilder("{ profile(username: \"" + user + "\") {");
    for (int i = 0; i < count; i++) {
      document.append(" l").append(i).append(": language(name: \"Java\") { xp }");
    }
    return document.append(" } }").toString();
  }
}
