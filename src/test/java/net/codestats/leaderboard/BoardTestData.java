package net.codestats.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.codestats.support.Http;
import net.codestats.support.TestUsers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pulses and board reads for the leaderboard tests: each test ranks users in a language of its own. */
final class BoardTestData {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PASSWORD = "correct horse battery";

  private final Http http;
  private final TestUsers users;

  BoardTestData(Http http, TestUsers users) {
    this.http = http;
    this.users = users;
  }

  /** A language nobody else sends (letters only, so it is its own path segment). */
  static String language(String prefix) {
    return prefix + TestUsers.uniqueName("").replace("-", "x");
  }

  void pulse(String token, Instant at, String language, int xp) {
    String codedAt = OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.ofHours(2)).toString();
    var response =
        http.postPulse(
            token,
            "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + json(language) + "\",\"xp\":" + xp + "}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** A new user with {@code xp} in the language, sent a minute ago (well within every window). */
  TestUsers.UserWithMachine userWith(String prefix, String language, int xp) {
    var user = users.userWithMachine(prefix);
    pulse(user.token(), Instant.now().minus(1, ChronoUnit.MINUTES), language, xp);
    return user;
  }

  JsonNode api(String query) {
    var response = http.get("/api/leaderboards" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static List<String> names(JsonNode board) {
    var names = new ArrayList<String>();
    board.get("entries").forEach(e -> names.add(e.get("username").asString()));
    return names;
  }

  static List<Integer> ranks(JsonNode board) {
    var ranks = new ArrayList<Integer>();
    board.get("entries").forEach(e -> ranks.add(e.get("rank").asInt()));
    return ranks;
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
