package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.socket.ChannelTokens;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.support.WebSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-item privacy against the real server: a hidden machine and a hidden language leave every
 * public path (page, JSON, GraphQL, the language list, live pushes) and its totals, while the
 * owner still sees them marked; the same data is visible before hiding and after showing again.
 *
 * <p>The user codes on "laptop" in {@code Shown} (100) and {@code Secret} (40, the language to
 * hide), and on "box" (the machine to hide) in {@code Shown} (7) and {@code Boxonly} (9): the
 * public profile is then 100 XP of {@code Shown} on "laptop", and nothing else.
 */
@IntegrationTest
class HiddenItemsTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final JsonMapper JSON = JsonMapper.shared();
  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ChannelTokens tokens;

  Http http;
  TestUsers users;
  String shown;
  String secret;
  String boxOnly;
  UserWithMachine coder;
  long boxId;
  String boxToken;
  String name;
  Instant at;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    String run = UUID.randomUUID().toString().substring(0, 8);
    shown = "Shown-" + run;
    secret = "Secret-" + run;
    boxOnly = "Boxonly-" + run;
    coder = users.userWithMachine("hider");
    name = coder.user().username();
    var box = machines.create(coder.user().id(), "box");
    boxId = box.machine().id();
    boxToken = box.token();
    at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    pulse(coder.token(), at, Map.of(shown, 100, secret, 40));
    pulse(boxToken, at, Map.of(shown, 7, boxOnly, 9));
  }

  private void pulse(String token, Instant when, Map<String, Integer> xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(when, ZoneOffset.UTC));
    StringBuilder body = new StringBuilder("{\"coded_at\":\"" + codedAt + "\",\"xps\":[");
    xps.forEach((language, xp) -> body.append("{\"language\":\"").append(language).append("\",\"xp\":").append(xp)
        .append("},"));
    body.setLength(body.length() - 1);
    body.append("]}");
    var response = http.postPulse(token, body.toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private WebSession owner() {
    var web = new WebSession(port);
    assertThat(web.login(name, PASSWORD).statusCode()).isEqualTo(302);
    return web;
  }

  private void hideBoth(WebSession web) {
    var machine = web.submit("/my/machines", "form[action=/my/machines/" + boxId + "/hide]", Map.of());
    assertThat(machine.statusCode()).isEqualTo(302);
    var language = web.submit("/users/" + name, "#hide-language", Map.of("language", secret));
    assertThat(language.statusCode()).isEqualTo(302);
  }

  private void showBoth(WebSession web) {
    web.submit("/my/machines", "form[action=/my/machines/" + boxId + "/show]", Map.of());
    var shownAgain = web.submit("/users/" + name, "#hidden-languages form", Map.of());
    assertThat(shownAgain.statusCode()).isEqualTo(302);
  }

  private String json() {
    var response = http.get("/api/users/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private JsonNode graph(WebSession session) {
    String query =
        """
        query($u: String!, $since: Datetime!, $from: Date!, $near: Date!) { profile(username: $u) {
          totalXp languages { name xp } recent: languages(since: $since) { name xp } machines { name xp }
          recentMachines: machines(since: $since) { name xp } dates { date xp } dayLanguageXps(since: $from) { date language xp }
          recentDays: dayLanguageXps(since: $near) { date language xp }
          dayOfWeekXps { day xp } dayOfYearXps hourOfDayXps } }""";
    String body =
        JSON.writeValueAsString(
            Map.of("query", query, "variables", Map.of(
                "u", name,
                "since", at.minusSeconds(3600).toString(),
                "from", day().minusDays(30).toString(),
                "near", day().toString())));
    var request =
        HttpRequest.newBuilder(http.uri("/profile-graph"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = session == null ? http.send(request) : session.send(request);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.has("errors")).as(response.body()).isFalse();
    return answer.get("data").get("profile");
  }

  private LocalDate day() {
    return at.atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static long sum(JsonNode xpMap) {
    return xpMap.valueStream().mapToLong(JsonNode::asLong).sum();
  }

  private List<String> listedLanguages() {
    Document page =
        new WebSession(port)
            .page("/aliases?q=" + URLEncoder.encode(shown.substring(shown.indexOf('-')), StandardCharsets.UTF_8));
    return page.select("#aliases tbody tr td:first-child").eachText();
  }

  @Test
  void hiddenItemsLeaveEveryPublicPathAndTheOwnerStillSeesThem() {
    String date = at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String everything =
        "{\"user\":\"" + name + "\",\"total_xp\":156,\"new_xp\":156,"
            + "\"machines\":{\"laptop\":{\"xps\":140,\"new_xps\":140},\"box\":{\"xps\":16,\"new_xps\":16}},"
            + "\"languages\":{\"" + shown + "\":{\"xps\":107,\"new_xps\":107},\"" + secret
            + "\":{\"xps\":40,\"new_xps\":40},\"" + boxOnly + "\":{\"xps\":9,\"new_xps\":9}},"
            + "\"dates\":{\"" + date + "\":156}}";
    String publicOnly =
        "{\"user\":\"" + name + "\",\"total_xp\":100,\"new_xp\":100,"
            + "\"machines\":{\"laptop\":{\"xps\":100,\"new_xps\":100}},"
            + "\"languages\":{\"" + shown + "\":{\"xps\":100,\"new_xps\":100}},"
            + "\"dates\":{\"" + date + "\":100}}";

    // the control: before hiding, every path shows all of it
    assertThat(json()).isEqualTo(everything);
    assertThat(graph(null).get("totalXp").asLong()).isEqualTo(156);
    assertThat(listedLanguages()).contains(shown, secret, boxOnly);
    String before = http.get("/users/" + name).body();
    assertThat(Jsoup.parse(before).select("#machines .xp-row").eachAttr("data-name")).contains("box", "laptop");
    assertThat(before).contains(secret, boxOnly);

    WebSession web = owner();
    hideBoth(web);

    // JSON, byte for byte
    assertThat(json()).isEqualTo(publicOnly);

    // the page as a visitor sees it: neither name, and the public totals in its data
    String page = http.get("/users/" + name).body();
    assertThat(page).doesNotContain(secret).doesNotContain(boxOnly).doesNotContain("hidden from your public profile");
    Document visitorPage = Jsoup.parse(page);
    assertThat(visitorPage.select("#machines .xp-row").eachAttr("data-name")).containsExactly("laptop");
    JsonNode data = JSON.readTree(visitorPage.getElementById("profile-data").data());
    assertThat(data.get("totalXp").asLong()).isEqualTo(100);
    assertThat(sum(data.get("dayOfYearXps"))).isEqualTo(100);
    assertThat(sum(data.get("hourOfDayXps"))).isEqualTo(100);
    assertThat(data.get("dayLanguageXps").toString()).doesNotContain(secret).doesNotContain(boxOnly);
    assertThat(data.has("hiddenLanguages")).isFalse();

    // GraphQL for anyone: every field without the hidden items
    JsonNode visitor = graph(null);
    assertThat(visitor.get("totalXp").asLong()).isEqualTo(100);
    assertThat(visitor.get("languages").toString()).isEqualTo("[{\"name\":\"" + shown + "\",\"xp\":100}]");
    assertThat(visitor.get("recent").toString()).isEqualTo("[{\"name\":\"" + shown + "\",\"xp\":100}]");
    assertThat(visitor.get("machines").toString()).isEqualTo("[{\"name\":\"laptop\",\"xp\":100}]");
    assertThat(visitor.get("recentMachines").toString()).isEqualTo("[{\"name\":\"laptop\",\"xp\":100}]");
    assertThat(visitor.get("dates").toString()).isEqualTo("[{\"date\":\"" + date + "\",\"xp\":100}]");
    assertThat(visitor.get("dayLanguageXps").toString())
        .isEqualTo("[{\"date\":\"" + date + "\",\"language\":\"" + shown + "\",\"xp\":100}]");
    assertThat(visitor.get("recentDays").toString())
        .isEqualTo("[{\"date\":\"" + date + "\",\"language\":\"" + shown + "\",\"xp\":100}]");
    assertThat(visitor.get("dayOfWeekXps").get(0).get("xp").asLong()).isEqualTo(100);
    assertThat(sum(visitor.get("dayOfYearXps"))).isEqualTo(100);
    assertThat(sum(visitor.get("hourOfDayXps"))).isEqualTo(100);

    // the language list: Secret is hidden, Boxonly was only written on the hidden machine
    assertThat(listedLanguages()).contains(shown).doesNotContain(secret, boxOnly);

    // the owner: everything, marked
    JsonNode own = graph(web);
    assertThat(own.get("totalXp").asLong()).isEqualTo(156);
    assertThat(sum(own.get("hourOfDayXps"))).isEqualTo(156);
    Document ownPage = web.page("/users/" + name);
    assertThat(ownPage.select(".xp-row").eachAttr("data-name")).contains(secret, boxOnly, "box", "laptop");
    assertThat(ownPage.select(".xp-row[data-name=" + secret + "] .hidden-marker").text())
        .isEqualTo("hidden from your public profile");
    assertThat(ownPage.select("#machines .xp-row[data-name=box] .hidden-marker")).hasSize(1);
    assertThat(ownPage.select("#machines .xp-row[data-name=laptop] .hidden-marker")).isEmpty();
    assertThat(JSON.readTree(ownPage.getElementById("profile-data").data()).get("totalXp").asLong()).isEqualTo(156);
    assertThat(web.page("/my/machines").select("tr[data-machine-id=" + boxId + "] .hidden-marker")).hasSize(1);

    // showing them again restores every figure
    showBoth(web);
    assertThat(json()).isEqualTo(everything);
    assertThat(graph(null).get("totalXp").asLong()).isEqualTo(156);
    assertThat(listedLanguages()).contains(shown, secret, boxOnly);
  }

  @Test
  void badHideRequestsAreRefusedAndChangeNothing() {
    WebSession web = owner();
    String csrf = web.csrfToken("/users/" + name);
    assertThat(web.post("/my/hidden-languages", Map.of("_csrf", csrf, "language", "Never-written", "hidden", "true"))
        .statusCode()).isEqualTo(400);
    assertThat(web.post("/my/hidden-languages", Map.of("_csrf", csrf, "language", secret, "hidden", "maybe"))
        .statusCode()).isEqualTo(400);
    // without the CSRF token: refused
    assertThat(web.post("/my/hidden-languages", Map.of("language", secret, "hidden", "true")).statusCode())
        .isEqualTo(403);
    // another user's machine: not found
    var stranger = users.userWithMachine("stranger");
    var strangerWeb = new WebSession(port);
    strangerWeb.login(stranger.user().username(), PASSWORD);
    assertThat(
        strangerWeb.post("/my/machines/" + boxId + "/hide", Map.of("_csrf", strangerWeb.csrfToken("/my/machines")))
            .statusCode())
        .isEqualTo(404);
    assertThat(json()).contains("\"total_xp\":156");
  }

  @Test
  void livePushesLeaveHiddenItemsOutForEveryoneButTheOwner() {
    WebSession web = owner();
    hideBoth(web);
    String topic = "users:" + name;
    try (var visitor = PhoenixTestClient.connect(port, "vsn=2.0.0");
        var front = PhoenixTestClient.connect(port, "vsn=2.0.0");
        var self =
            PhoenixTestClient.connect(port, "vsn=2.0.0&token=" + tokens.mint(coder.user().id(), web.sessionId()))) {
      visitor.join(topic);
      front.join("frontpage");
      self.join(topic);

      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
      pulse(boxToken, now, Map.of(boxOnly, 5));
      pulse(coder.token(), now, Map.of(secret, 3, shown, 2));

      // the owner gets both pulses whole
      JsonNode ownBox = self.next(f -> f.get(4).toString().contains(boxOnly));
      assertThat(ownBox.get(4).get("machine").asString()).isEqualTo("box");
      JsonNode ownLaptop = self.next(f -> f.get(4).toString().contains(shown));
      assertThat(ownLaptop.get(4).get("xps").toString()).contains(secret);

      // a visitor: only the laptop's pulse, without the hidden language
      List<JsonNode> seen = new ArrayList<>();
      JsonNode visible = visitor.next(f -> seen.add(f) && f.get(4).toString().contains(shown));
      assertThat(visible.get(4).get("xps").toString()).isEqualTo("[{\"language\":\"" + shown + "\",\"amount\":2}]");
      assertThat(seen.toString()).doesNotContain(secret).doesNotContain(boxOnly);

      // the front page likewise
      List<JsonNode> frontSeen = new ArrayList<>();
      JsonNode frontPush = front.next(f -> frontSeen.add(f) && f.get(4).toString().contains(shown));
      assertThat(frontPush.get(4).get("xps").toString()).isEqualTo("[{\"language\":\"" + shown + "\",\"amount\":2}]");
      assertThat(frontSeen.toString()).doesNotContain(secret).doesNotContain(boxOnly);

      // control: shown again, the same pulses reach the visitor whole
      showBoth(web);
      pulse(boxToken, now.plusSeconds(1), Map.of(boxOnly, 4));
      JsonNode again = visitor.next(f -> f.get(4).toString().contains(boxOnly));
      assertThat(again.get(4).get("machine").asString()).isEqualTo("box");
    }
  }
}
