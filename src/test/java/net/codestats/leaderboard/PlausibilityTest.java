package net.codestats.leaderboard;

import static net.codestats.leaderboard.BoardTestData.PASSWORD;
import static net.codestats.leaderboard.BoardTestData.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.xp.LevelMaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Fair boards: a scripted machine flooding far beyond what a person types keeps its XP on the
 * profile but cannot top a board; it is marked there and listed for the administrators.
 */
@IntegrationTest
class PlausibilityTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Leaderboards leaderboards;

  Http http;
  TestUsers users;
  BoardTestData data;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    data = new BoardTestData(http, users);
  }

  @Test
  void aFloodFromOneTokenDoesNotTopTheBoardAndIsMarked() {
    String language = BoardTestData.language("Flood");
    // a person: 10,500 XP at 1,500 a minute
    var person = users.userWithMachine("Typist");
    for (int i = 1; i <= 7; i++) {
      data.pulse(person.token(), Instant.now().minus(i, ChronoUnit.MINUTES), language, 1_500);
    }
    // a script: over 150,000 XP within about a minute from one token, a third of it dated in the
    // future (which counts as now), next to a little honest XP from another machine
    var script = users.userWithMachine("Script");
    var honest = machines.create(script.user().id(), "honest");
    data.pulse(honest.token(), Instant.now().minus(30, ChronoUnit.MINUTES), language, 300);
    for (int i = 0; i < 30; i++) {
      Instant at = i % 3 == 0 ? Instant.now().plus(2, ChronoUnit.DAYS) : Instant.now();
      data.pulse(script.token(), at, language, 5_000 + i); // distinct: a pulse sent twice counts once
    }
    long scriptTotal = 30 * 5_000 + 29 * 30 / 2 + 300;
    leaderboards.refresh();

    JsonNode board = data.api("?language=" + language);
    assertThat(names(board)).containsExactly(person.user().username(), script.user().username());
    JsonNode typist = board.get("entries").get(0);
    JsonNode flooder = board.get("entries").get(1);
    assertThat(typist.get("xp").asLong()).isEqualTo(10_500);
    assertThat(typist.get("some_xp_unranked").asBoolean()).isFalse();
    assertThat(flooder.get("some_xp_unranked").asBoolean()).isTrue();
    // at most the cap in each of the (one or two) minutes the flood took, plus the honest XP
    assertThat(flooder.get("xp").asLong()).isBetween(2_300L, 4_300L);
    // the level is of all the user's XP, as the profile shows it
    assertThat(flooder.get("level").asInt()).isEqualTo(LevelMaths.level(scriptTotal));
    // the profile shows all of it
    JsonNode profile = BoardTestData.JSON.readTree(http.get("/api/users/" + script.user().username()).body());
    assertThat(profile.get("total_xp").asLong()).isEqualTo(scriptTotal);
    // the overall board agrees
    assertThat(leaderboards.ownRank(script.user().id(), BoardWindow.WEEK, null).someXpUnranked()).isTrue();
    assertThat(leaderboards.ownRank(person.user().id(), BoardWindow.WEEK, null).someXpUnranked()).isFalse();
    // the page marks it, and the flooder sees it on their own rank
    String page = http.get("/leaderboards/" + language).body();
    assertThat(page).contains("(some XP not ranked)");
    var own = new WebSession(port);
    own.login(script.user().username(), PASSWORD);
    assertThat(own.page("/leaderboards/" + language).select("#own-rank").text())
        .isEqualTo("You are #2 of 2. Some of your XP in this window is not ranked.");
    // the administrators' list
    assertThat(leaderboards.flagged())
        .filteredOn(f -> f.userId() == script.user().id())
        .singleElement()
        .satisfies(f -> assertThat(f.unrankedXp()).isEqualTo(scriptTotal - flooder.get("xp").asLong()));
    assertThat(leaderboards.flagged()).noneMatch(f -> f.userId() == person.user().id());

    // the script's machine deleted: the rest is recounted from the raw pulses, nothing unranked left
    machines.delete(script.user().id(), script.machineId());
    leaderboards.refresh();
    board = data.api("?language=" + language);
    assertThat(board.get("entries").get(1).get("xp").asLong()).isEqualTo(300);
    assertThat(board.get("entries").get(1).get("some_xp_unranked").asBoolean()).isFalse();
    assertThat(leaderboards.flagged()).noneMatch(f -> f.userId() == script.user().id());
  }

  @Test
  void anExcludedUserLeavesTheBoardsAndComesBack() {
    String language = BoardTestData.language("Excluded");
    var admin = users.user("Admin");
    var first = data.userWith("ExcludedFirst", language, 900);
    var second = data.userWith("ExcludedSecond", language, 100);
    leaderboards.exclude(first.user().id(), admin.id());
    leaderboards.refresh();
    assertThat(names(data.api("?language=" + language))).containsExactly(second.user().username());
    assertThat(leaderboards.ownRank(first.user().id(), BoardWindow.WEEK, null).standing())
        .isEqualTo(OwnRank.Standing.EXCLUDED);
    assertThat(leaderboards.exclusions()).anySatisfy(e -> {
      assertThat(e.userId()).isEqualTo(first.user().id());
      assertThat(e.username()).isEqualTo(first.user().username());
      assertThat(e.excludedBy()).isEqualTo(admin.id());
    });
    leaderboards.include(first.user().id());
    leaderboards.refresh();
    assertThat(names(data.api("?language=" + language)))
        .containsExactly(first.user().username(), second.user().username());
  }

  @Test
  void anExcessIsSplitOverLanguagesExactly() {
    assertThat(Plausibility.split(10, Map.of(1L, 1L))).isEqualTo(Map.of(1L, 10L));
    var parts = Plausibility.split(100, new LinkedHashMap<>(Map.of(1L, 1L, 2L, 1L, 3L, 1L)));
    assertThat(parts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
    assertThat(parts.values()).allSatisfy(v -> assertThat(v).isBetween(33L, 34L));
    assertThat(Plausibility.split(1, Map.of(1L, 1_000L, 2L, 1L))).isEqualTo(Map.of(1L, 1L));
  }
}
