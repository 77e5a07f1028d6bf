package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Pulses;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.system.Caches;
import net.codestats.web.PageContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The server-rendered front page: the sign-up button, the example profile, the map. */
@IntegrationTest
class FrontPageTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ExampleProfiles examples;
  @Autowired TemplateEngine templates;
  @Autowired Caches caches;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  /** A pulse of 100 entries × {@code thousands} thousand XP: far ahead of any other test's user. */
  private void codeAWeeksWorth(String token, int thousands) {
    var entries = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      entries.append(i == 0 ? "" : ",").append("{\"language\":\"Java\",\"xp\":").append(thousands * 1000).append('}');
    }
    String codedAt = OffsetDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC).toString();
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + entries + "]}").statusCode())
        .isEqualTo(201);
  }

  @Test
  void theExampleProfileIsTheMostActivePublicUserOfTheWeek() {
    var busiest = users.userWithMachine("busiest");
    var runnerUp = users.userWithMachine("runnerup");
    codeAWeeksWorth(busiest.token(), 100);
    codeAWeeksWorth(runnerUp.token(), 99);
    accounts.setPrivateProfile(busiest.user().id(), true);
    examples.refresh();
    assertThat(examples.mostActive()).startsWith(busiest.user().id(), runnerUp.user().id());

    // the private one is passed over, on the page as well
    assertThat(examples.username()).contains(runnerUp.user().username());
    String page = http.get("/").body();
    assertThat(page).contains(
        "See <a id=\"example-profile\" href=\"/users/" + runnerUp.user().username() + "\">an example profile</a>.");
    assertThat(page).doesNotContain(busiest.user().username());

    // made public, it is shown at once, without waiting for the ranking's refresh
    accounts.setPrivateProfile(busiest.user().id(), false);
    assertThat(examples.username()).contains(busiest.user().username());
    assertThat(http.get("/").body()).contains("href=\"/users/" + busiest.user().username() + "\"");
    accounts.setPrivateProfile(busiest.user().id(), true); // out of the way of other tests' pages
  }

  @Test
  void withoutTheDatabaseThereIsNoExampleRatherThanNoFrontPage() {
    var unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:9/nothing-listens-here");
    var offline = new ExampleProfiles(new Pulses(JdbcClient.create(unreachable), unreachable, event -> {}),
        Clock.systemUTC(), accounts, caches);
    assertThat(offline.username()).isEmpty();
  }

  private String render(boolean loggedIn, boolean geoIp, String example) {
    var page = new PageContext(loggedIn ? "someone" : null, null, List.of(), "test");
    Map<String, Object> model = new HashMap<>();
    model.put("page", page);
    model.put("geoIp", geoIp);
    model.put("exampleProfile", example);
    var out = new StringOutput();
    templates.render("live/home.jte", model, out);
    return out.toString();
  }

  @Test
  void withoutAGeoIpDatabaseNothingIsPromisedAboutDots() {
    String withMap = render(false, true, "demo");
    assertThat(withMap).contains("id=\"world-dots\"").contains("IP Geolocation by DB-IP");

    String withoutMap = render(false, false, "demo");
    assertThat(withoutMap).doesNotContain("world-dots").doesNotContain("World map").doesNotContainIgnoringCase("dot");
    assertThat(withoutMap).contains("XP in the last 4 hours");
  }

  @Test
  void visitorsGetASignUpButtonAndNoExampleSentenceWithoutAPublicCoder() {
    assertThat(render(false, true, null))
        .contains("<a class=\"button\" id=\"hero-signup\" href=\"/signup\">Sign up for free</a>")
        .doesNotContain("example profile");
    assertThat(render(true, true, "demo")).doesNotContain("hero-signup")
        .contains("href=\"/users/demo\">an example profile</a>");
  }
}
