package net.codestats.leaderboard;

import static net.codestats.leaderboard.BoardTestData.PASSWORD;
import static net.codestats.leaderboard.BoardTestData.enc;
import static net.codestats.leaderboard.BoardTestData.names;
import static net.codestats.leaderboard.BoardTestData.ranks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.xp.LevelMaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The boards as pages and JSON: ranks, ties, windows, languages, pages, privacy, own rank, staleness. */
@IntegrationTest
class LeaderboardTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired Leaderboards leaderboards;
  @Autowired TestClock clock;

  Http http;
  TestUsers users;
  BoardTestData data;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    data = new BoardTestData(http, users);
  }

  @AfterEach
  void resumeClock() {
    clock.resume();
  }

  @Test
  void ranksByXpInTheWindowWithTiesSharingARank() {
    String language = BoardTestData.language("Rank");
    Instant weekStart = BoardWindow.WEEK.since(Instant.now());
    Instant beforeWeek = weekStart.minus(1, ChronoUnit.MINUTES);
    // the API takes pulses up to 7 × 24 h old: just before the week's first UTC midnight must be newer
    assumeTrue(beforeWeek.isAfter(Instant.now().minus(Duration.ofDays(7)).plusSeconds(60)));
    var first = users.userWithMachine("RankFirst");
    for (int i = 1; i <= 4; i++) { // 6,400 XP, level 2, spread over minutes (under the per-minute cap)
      data.pulse(first.token(), Instant.now().minus(i, ChronoUnit.MINUTES), language, 1_600);
    }
    var tieA = data.userWith("RankTieA", language, 200);
    var tieB = data.userWith("RankTieB", language, 200);
    var older = users.userWithMachine("RankOlder");
    data.pulse(older.token(), beforeWeek, language, 500);
    data.pulse(older.token(), Instant.now(), language, 100);
    var hidden = data.userWith("RankPrivate", language, 1_000);
    leaderboards.refresh();

    // positive control: the user about to turn private is ranked while public
    JsonNode week = data.api("?language=" + language);
    assertThat(names(week)).containsExactly(first.user().username(), hidden.user().username(),
        tieA.user().username(), tieB.user().username(), older.user().username());

    accounts.setPrivateProfile(hidden.user().id(), true);
    // off the page at once (before any recount) …
    assertThat(names(data.api("?language=" + language))).doesNotContain(hidden.user().username());
    leaderboards.refresh();
    // … and not counted after it
    week = data.api("?window=7d&language=" + language);
    assertThat(names(week)).containsExactly(first.user().username(), tieA.user().username(),
        tieB.user().username(), older.user().username());
    assertThat(ranks(week)).containsExactly(1, 2, 2, 4);
    assertThat(week.get("total").asLong()).isEqualTo(4);
    assertThat(week.get("entries").get(0).get("xp").asLong()).isEqualTo(6_400);
    assertThat(week.get("entries").get(0).get("level").asInt()).isEqualTo(LevelMaths.level(6_400)).isEqualTo(2);
    assertThat(week.get("entries").get(3).get("xp").asLong()).isEqualTo(100);

    for (String window : List.of("30d", "all")) {
      JsonNode board = data.api("?window=" + window + "&language=" + language);
      assertThat(names(board)).as(window).containsExactly(first.user().username(), older.user().username(),
          tieA.user().username(), tieB.user().username());
      assertThat(ranks(board)).containsExactly(1, 2, 3, 3);
      assertThat(board.get("entries").get(1).get("xp").asLong()).isEqualTo(600);
    }
    // the overall board: the same users in the same order among everyone else's
    List<String> overall = new ArrayList<>();
    for (int page = 1; page <= data.api("?window=all").get("pages").asInt(); page++) {
      overall.addAll(names(data.api("?window=all&page=" + page)));
    }
    assertThat(overall).doesNotContain(hidden.user().username())
        .contains(first.user().username(), older.user().username());
    assertThat(overall.indexOf(first.user().username())).isLessThan(overall.indexOf(older.user().username()));

    String page = http.get("/leaderboards/" + language + "?window=all").body();
    assertThat(page).contains(first.user().username(), "All time").doesNotContain(hidden.user().username());
    assertThat(page).contains("UTC");
  }

  @Test
  void languagesByAnyCaseAliasAndPlusForSpaces() {
    String target = "Board " + BoardTestData.language("Spaced");
    String alias = BoardTestData.language("Alias");
    languages.makeAlias(alias, target);
    var user = data.userWith("Alias", alias, 300);
    leaderboards.refresh();

    for (String path : List.of(target.replace(' ', '+'), target.toLowerCase().replace(' ', '+'),
        alias.toUpperCase(), enc(target).replace("+", "%20"))) {
      var response = http.get("/leaderboards/" + path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).contains(target + " leaderboard", user.user().username());
    }
    JsonNode json = data.api("?language=" + enc(alias.toLowerCase()));
    assertThat(json.get("language").asString()).isEqualTo(target);
    assertThat(names(json)).containsExactly(user.user().username());
    // the picker's form goes through the query
    assertThat(http.get("/leaderboards?language=" + enc(target)).body()).contains(user.user().username());

    assertThat(http.get("/leaderboards/NoSuchLanguageAnywhere" + alias).statusCode()).isEqualTo(404);
    var unknown = http.get("/api/leaderboards?language=NoSuchLanguageAnywhere" + alias);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"error\":\"Language not found.\"}");

    // a language only a private profile has XP in is as unknown as one that does not exist
    String secret = BoardTestData.language("Secret");
    var hidden = data.userWith("Secret", secret, 50);
    accounts.setPrivateProfile(hidden.user().id(), true);
    leaderboards.refresh();
    assertThat(http.get("/leaderboards/" + secret).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/leaderboards?language=" + secret).statusCode()).isEqualTo(404);
    assertThat(http.get("/leaderboards/" + secret).body()).doesNotContain(hidden.user().username());
  }

  @Test
  void fiftyPerPageAndTheViewersOwnRankOffThePage() {
    String language = BoardTestData.language("Paged");
    List<TestUsers.UserWithMachine> ranked = new ArrayList<>();
    for (int i = 0; i < 52; i++) {
      ranked.add(data.userWith("Paged", language, 1_000 - i)); // 1000, 999, … : ranks 1 … 52
    }
    var privateOne = data.userWith("PagedPrivate", language, 5);
    accounts.setPrivateProfile(privateOne.user().id(), true);
    var nobody = users.userWithMachine("PagedNone");
    leaderboards.refresh();

    JsonNode first = data.api("?language=" + language);
    assertThat(first.get("entries")).hasSize(50);
    assertThat(first.get("pages").asInt()).isEqualTo(2);
    assertThat(first.get("total").asLong()).isEqualTo(52);
    JsonNode second = data.api("?language=" + language + "&page=2");
    assertThat(ranks(second)).containsExactly(51, 52);
    assertThat(names(second)).containsExactly(ranked.get(50).user().username(), ranked.get(51).user().username());
    JsonNode past = data.api("?language=" + language + "&page=3");
    assertThat(past.get("entries")).isEmpty();
    assertThat(past.get("page").asInt()).isEqualTo(3);

    var html = new WebSession(port).page("/leaderboards/" + language);
    assertThat(html.select("#board tbody tr")).hasSize(50);
    assertThat(html.select(".pagination a[rel=next]").attr("href")).isEqualTo("/leaderboards/" + language + "?page=2");
    assertThat(html.select("#own-rank")).isEmpty();
    assertThat(html.select("#board tbody tr").first().select("img").attr("src"))
        .isEqualTo("/avatar/" + ranked.get(0).user().username());
    assertThat(html.select("#board tbody tr").first().select("a").attr("href"))
        .isEqualTo("/users/" + ranked.get(0).user().username());

    var last = new WebSession(port);
    last.login(ranked.get(51).user().username(), PASSWORD);
    assertThat(last.page("/leaderboards/" + language).select("#own-rank").text()).isEqualTo("You are #52 of 52.");
    var none = new WebSession(port);
    none.login(nobody.user().username(), PASSWORD);
    assertThat(none.page("/leaderboards/" + language).select("#own-rank").text())
        .isEqualTo("You have no ranked XP on this board yet.");
    var hidden = new WebSession(port);
    hidden.login(privateOne.user().username(), PASSWORD);
    assertThat(hidden.page("/leaderboards/" + language).select("#own-rank").text())
        .isEqualTo("Your profile is private, so you are not ranked.");
    assertThat(hidden.page("/leaderboards").select("#own-rank").text())
        .isEqualTo("Your profile is private, so you are not ranked.");
  }

  @Test
  void jsonShapeOpenToAnyOriginAndClearErrors() {
    String language = BoardTestData.language("Json");
    var user = data.userWith("Json", language, 42);
    leaderboards.refresh();
    var response = http.get("/api/leaderboards?window=30d&language=" + language + "&page=1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/json"));
    JsonNode board = BoardTestData.JSON.readTree(response.body());
    assertThat(board.propertyNames()).containsExactly("window", "window_label", "language", "since", "computed_at",
        "page", "pages", "per_page", "total", "entries");
    assertThat(board.get("window").asString()).isEqualTo("30d");
    assertThat(board.get("since").asString()).isEqualTo(BoardWindow.MONTH.since(Instant.now()).toString());
    assertThat(board.get("per_page").asInt()).isEqualTo(50);
    JsonNode entry = board.get("entries").get(0);
    assertThat(entry.propertyNames()).containsExactly("rank", "username", "profile_url", "avatar_url", "level", "xp",
        "some_xp_unranked");
    assertThat(entry.get("username").asString()).isEqualTo(user.user().username());
    assertThat(entry.get("some_xp_unranked").asBoolean()).isFalse();
    // a browser tab asks for HTML: it gets the JSON all the same
    var asBrowser = http.send(http.request("/api/leaderboards?language=" + language)
        .header("Accept", "text/html,application/xhtml+xml").build());
    assertThat(asBrowser.statusCode()).isEqualTo(200);
    assertThat(asBrowser.body()).contains(user.user().username());
    var missingAsBrowser = http.send(http.request("/api/leaderboards?language=NoSuch" + language)
        .header("Accept", "text/html").build());
    assertThat(missingAsBrowser.statusCode()).isEqualTo(404);
    assertThat(missingAsBrowser.body()).isEqualTo("{\"error\":\"Language not found.\"}");
    assertThat(data.api("").get("window").asString()).isEqualTo("7d");
    assertThat(data.api("?window=all").get("since").isNull()).isTrue();

    for (var bad : List.of("?window=week", "?window=7D", "?page=0", "?page=-1", "?page=abc", "?page=1.5",
        "?page=99999999999", "?window=all&page=")) {
      var refused = http.get("/api/leaderboards" + bad);
      if (bad.endsWith("page=")) {
        assertThat(refused.statusCode()).as(bad).isEqualTo(200);
        continue;
      }
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(BoardTestData.JSON.readTree(refused.body()).get("error").asString()).as(bad)
          .satisfiesAnyOf(m -> assertThat(m).startsWith("Unknown window"), m -> assertThat(m).startsWith("page must"));
      assertThat(http.get("/leaderboards" + bad).statusCode()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void aMachineDeletionAndNewXpShowWithinAMinuteWithoutRecountingOnEveryView() throws Exception {
    String language = BoardTestData.language("Stale");
    var user = users.userWithMachine("Stale");
    var second = machines.create(user.user().id(), "desktop");
    data.pulse(user.token(), Instant.now().minus(2, ChronoUnit.MINUTES), language, 100);
    data.pulse(second.token(), Instant.now().minus(1, ChronoUnit.MINUTES), language, 50);
    clock.freeze();
    leaderboards.refresh();
    Instant computed = leaderboards.computedAt();
    assertThat(data.api("?language=" + language).get("entries").get(0).get("xp").asLong()).isEqualTo(150);

    machines.delete(user.user().id(), second.machine().id());
    Thread.sleep(2_500); // the scheduler ticks every second: not due yet
    assertThat(leaderboards.computedAt()).isEqualTo(computed);
    assertThat(data.api("?language=" + language).get("entries").get(0).get("xp").asLong()).isEqualTo(150);

    clock.advance(Duration.ofSeconds(61));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (leaderboards.computedAt().equals(computed) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(leaderboards.computedAt()).isAfter(computed);
    assertThat(data.api("?language=" + language).get("entries").get(0).get("xp").asLong()).isEqualTo(100);
  }
}
