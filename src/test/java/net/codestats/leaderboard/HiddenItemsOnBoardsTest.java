package net.codestats.leaderboard;

import static net.codestats.leaderboard.BoardTestData.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguages;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A board is a public path: what a profile hides is neither shown nor counted there. */
@IntegrationTest
class HiddenItemsOnBoardsTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired HiddenLanguages hiddenLanguages;
  @Autowired Leaderboards leaderboards;

  TestUsers users;
  BoardTestData data;

  @BeforeEach
  void setUp() {
    users = new TestUsers(accounts, machines);
    data = new BoardTestData(new Http(port), users);
  }

  @Test
  void aHiddenMachinesXpIsNotRanked() {
    String language = BoardTestData.language("HiddenMachine");
    var hider = data.userWith("BoardHider", language, 900);
    var second = machines.create(hider.user().id(), "desktop");
    data.pulse(second.token(), Instant.now().minus(2, ChronoUnit.MINUTES), language, 100);
    var other = data.userWith("BoardOther", language, 500);
    leaderboards.refresh();
    // positive control: both machines count while nothing is hidden
    JsonNode board = data.api("?window=all&language=" + language);
    assertThat(names(board)).containsExactly(hider.user().username(), other.user().username());
    assertThat(board.get("entries").get(0).get("xp").asLong()).isEqualTo(1_000);

    machines.setHidden(hider.user().id(), hider.machineId(), true);
    leaderboards.refresh();
    for (String window : new String[] {"7d", "all"}) {
      board = data.api("?window=" + window + "&language=" + language);
      assertThat(names(board)).as(window).containsExactly(other.user().username(), hider.user().username());
      assertThat(board.get("entries").get(1).get("xp").asLong()).as(window).isEqualTo(100);
    }

    machines.setHidden(hider.user().id(), hider.machineId(), false);
    leaderboards.refresh();
    assertThat(data.api("?window=all&language=" + language).get("entries").get(0).get("xp").asLong())
        .isEqualTo(1_000);
  }

  @Test
  void aHiddenLanguageLeavesItsBoardAndTheOverallOne() {
    String language = BoardTestData.language("HiddenLanguage");
    String other = BoardTestData.language("ShownLanguage");
    var hider = data.userWith("LangHider", language, 700);
    data.pulse(hider.token(), Instant.now().minus(3, ChronoUnit.MINUTES), other, 50);
    var rival = data.userWith("LangRival", language, 300);
    leaderboards.refresh();
    assertThat(names(data.api("?window=all&language=" + language)))
        .containsExactly(hider.user().username(), rival.user().username());

    long languageId = languages.lookUp(language).orElseThrow().countedId();
    hiddenLanguages.setHidden(hider.user().id(), languageId, true);
    leaderboards.refresh();
    assertThat(names(data.api("?window=all&language=" + language))).containsExactly(rival.user().username());
    // their other language still ranks them, with only its XP
    JsonNode shown = data.api("?window=all&language=" + other);
    assertThat(names(shown)).containsExactly(hider.user().username());
    assertThat(shown.get("entries").get(0).get("xp").asLong()).isEqualTo(50);
  }
}
