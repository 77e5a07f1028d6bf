package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/users/{name}} as api.md §2 describes it. */
@IntegrationTest
class PublicProfileApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  void send(String token, String codedAt, String language, int xp) {
    var response =
        http.postPulse(token,
            "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + language + "\",\"xp\":" + xp + "}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  static void assertCors(HttpResponse<?> response) {
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }

  @Test
  void reportsTotalsLanguagesActiveMachinesLocalDatesAndTheLastTwelveHours() {
    User user = users.user("Profile");
    String laptop = machines.create(user.id(), "Laptop").token();
    var desktop = machines.create(user.id(), "Desktop");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    // Two days ago 23:30 in UTC-03:30: 03:00 UTC the next day, but dated locally.
    send(laptop, today.minusDays(2) + "T23:30:00-03:30", "Java", 100);
    // Two days ago 01:15 in UTC+05:45: the evening before in UTC.
    send(desktop.token(), today.minusDays(2) + "T01:15:00+05:45", "Go", 50);
    // Within the last 12 hours, in two other zones.
    OffsetDateTime tokyoNow = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.SECONDS);
    send(laptop, tokyoNow.toString(), "Java", 7);
    OffsetDateTime pacificHourAgo =
        OffsetDateTime.now(ZoneOffset.ofHours(-8)).minusHours(1).truncatedTo(ChronoUnit.SECONDS);
    send(desktop.token(), pacificHourAgo.toString(), "Go", 3);
    machines.setActive(user.id(), desktop.machine().id(), false);

    var response = http.get("/api/users/" + user.username());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    assertCors(response);
    JsonNode profile = JSON.readTree(response.body());

    assertThat(profile.get("user").stringValue()).isEqualTo(user.username());
    assertThat(profile.get("total_xp").longValue()).isEqualTo(160); // deactivated machine included
    assertThat(profile.get("new_xp").longValue()).isEqualTo(10);
    assertThat(JSON.convertValue(profile.get("languages"), Map.class))
        .isEqualTo(Map.of("Java", Map.of("xps", 107, "new_xps", 7), "Go", Map.of("xps", 53, "new_xps", 3)));
    assertThat(JSON.convertValue(profile.get("machines"), Map.class))
        .isEqualTo(Map.of("Laptop", Map.of("xps", 107, "new_xps", 7))); // active machines only

    var dates = new TreeMap<String, Integer>();
    dates.merge(today.minusDays(2).toString(), 150, Integer::sum);
    dates.merge(tokyoNow.toLocalDate().toString(), 7, Integer::sum);
    dates.merge(pacificHourAgo.toLocalDate().toString(), 3, Integer::sum);
    assertThat(JSON.convertValue(profile.get("dates"), Map.class)).isEqualTo(dates);
    assertThat(profile.propertyNames()).containsExactly("user", "total_xp", "new_xp", "machines", "languages", "dates");
  }

  @Test
  void aUserWithoutXpHasEmptyStats() {
    User user = users.user("Empty");
    JsonNode profile = JSON.readTree(http.get("/api/users/" + user.username()).body());
    assertThat(profile.get("total_xp").longValue()).isZero();
    assertThat(profile.get("new_xp").longValue()).isZero();
    assertThat(profile.get("machines").isEmpty()).isTrue();
    assertThat(profile.get("languages").isEmpty()).isTrue();
    assertThat(profile.get("dates").isEmpty()).isTrue();
  }

  @Test
  void redirectsAWrongCaseToTheStoredName() {
    User user = users.user("CamelCase");
    var response = http.get("/api/users/" + user.username().toLowerCase(Locale.ROOT));
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/users/" + user.username());
    assertCors(response);
  }

  @Test
  void readsPlusAsASpace() {
    User user = accounts.create(TestUsers.uniqueName("Ada Lovelace"), "correct horse battery", null);
    String path = user.username().replace(' ', '+');
    var response = http.get("/api/users/" + path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("user").stringValue()).isEqualTo(user.username());

    var wrongCase = http.get("/api/users/" + path.toUpperCase(Locale.ROOT));
    assertThat(wrongCase.statusCode()).isEqualTo(302);
    assertThat(wrongCase.headers().firstValue("Location")).hasValue("/api/users/" + path);
    assertThat(http.get("/api/users/" + user.username().replace(" ", "%20")).statusCode()).isEqualTo(200);
  }

  @Test
  void hidesPrivateAndUnknownUsersBehindTheSameAnswer() {
    var owner = users.userWithMachine("Private");
    send(owner.token(), OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), "Java", 5);
    accounts.setPrivateProfile(owner.user().id(), true);

    for (String name : new String[] {owner.user().username(), owner.user().username().toUpperCase(Locale.ROOT),
      "no-such-user-" + System.nanoTime()}) {
      var response = http.get("/api/users/" + name);
      assertThat(response.statusCode()).as(name).isEqualTo(404);
      assertThat(response.body()).isEqualToIgnoringWhitespace("{\"error\":\"User not found or private.\"}");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
      assertCors(response);
    }

    accounts.setPrivateProfile(owner.user().id(), false);
    assertThat(http.get("/api/users/" + owner.user().username()).statusCode()).isEqualTo(200);
  }

  @Test
  void cachedAnswersFollowAccountChangesAtOnce() {
    User user = users.user("Cached");
    String path = "/api/users/" + user.username();
    assertThat(http.get(path).statusCode()).isEqualTo(200);
    assertThat(http.get(path).statusCode()).isEqualTo(200);
    accounts.setPrivateProfile(user.id(), true);
    assertThat(http.get(path).statusCode()).isEqualTo(404);
    accounts.updateDetails(user.id(), false, null);
    assertThat(http.get(path).statusCode()).isEqualTo(200);
    accounts.delete(user.id());
    assertThat(http.get(path).statusCode()).isEqualTo(404);

    String newcomer = TestUsers.uniqueName("Newcomer");
    assertThat(http.get("/api/users/" + newcomer).statusCode()).isEqualTo(404);
    accounts.create(newcomer, "correct horse battery", null);
    assertThat(http.get("/api/users/" + newcomer).statusCode()).isEqualTo(200);
  }

  @Test
  void answersHeadRequestsWithCors() {
    User user = users.user("Head");
    var response =
        http.send(
            http.request("/api/users/" + user.username()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertCors(response);
  }

  @Test
  void datesUseTheLocalDateOfEachPulse() {
    var owner = users.userWithMachine("Dates");
    LocalDateTime lateEvening = LocalDate.now(ZoneOffset.UTC).minusDays(3).atTime(23, 59, 59);
    send(owner.token(), lateEvening + "+14:00", "Zig", 1); // UTC: 09:59:59 the same day
    send(owner.token(), lateEvening + "-12:00", "Zig", 2); // UTC: 11:59:59 the next day
    JsonNode dates = JSON.readTree(http.get("/api/users/" + owner.user().username()).body()).get("dates");
    assertThat(JSON.convertValue(dates, Map.class)).isEqualTo(Map.of(lateEvening.toLocalDate().toString(), 3));
  }
}
