package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the app serves at {@code /api/openapi.json} against the app's real
 * answers: for every path, method and status in the document (fetched from the running app,
 * so the test follows any change to it) a real request gets that status, the documented
 * headers and content type, and a body that its schema accepts. A documented answer without
 * a scenario here fails, and so does a scenario for an answer no longer documented; parameterless
 * GETs answering 200 (a new list endpoint) are exercised without a scenario.
 */
@IntegrationTest
class OpenApiContractTest {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /**
   * Answers this suite cannot cause over HTTP, each with the reason: its documented example is
   * still checked against its schema.
   */
  private static final Map<String, String> NOT_REACHABLE_HERE =
      Map.of(
          "POST /api/my/pulses 503", "needs the database down; DatabaseUnavailableHandlerTest covers the answer",
          "POST /api/my/pulses/ 503", "needs the database down; DatabaseUnavailableHandlerTest covers the answer",
          "GET /api/users/{username} 503", "needs the database down; DatabaseUnavailableHandlerTest covers the answer");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  Http http;
  TestUsers users;
  UserWithMachine coder;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    coder = users.userWithMachine("openapi");
    assertThat(http.postPulse(coder.token(), pulse(now(), "[{\"language\":\"Java\",\"xp\":40}]")).statusCode())
        .isEqualTo(201);
  }

  static String now() {
    return OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String pulse(String codedAt, String xps) {
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}";
  }

  /** Requests that cause each documented answer, keyed "METHOD path-template status". */
  Map<String, Supplier<HttpResponse<String>>> scenarios() {
    var scenarios = new LinkedHashMap<String, Supplier<HttpResponse<String>>>();
    for (String path : List.of("/api/my/pulses", "/api/my/pulses/")) {
      String one = "[{\"language\":\"Java\",\"xp\":3}]";
      scenarios.put("POST " + path + " 201", () -> post(path, coder.token(), pulse(now(), one)));
      scenarios.put("POST " + path + " 400", () -> post(path, coder.token(), "{\"coded_at\":\"" + now() + "\"}"));
      scenarios.put("POST " + path + " 400 (coded_at)", () -> post(path, coder.token(), pulse("yesterday", one)));
      scenarios.put("POST " + path + " 400 (xp)",
          () -> post(path, coder.token(), pulse(now(), "[{\"language\":\"Java\",\"xp\":-1}]")));
      scenarios.put("POST " + path + " 400 (old)", () -> post(path, coder.token(), pulse("2020-01-01T00:00:00Z", one)));
      scenarios.put("POST " + path + " 400 (cap)",
          () -> post(path, coder.token(), pulse(now(), "[{\"language\":\"" + "x".repeat(256) + "\",\"xp\":1}]")));
      scenarios.put("POST " + path + " 403", () -> post(path, "not-a-token", pulse(now(), one)));
      scenarios.put("POST " + path + " 413",
          () -> post(path, coder.token(), pulse(now(), one) + " ".repeat(64 * 1024)));
      scenarios.put("POST " + path + " 429", () -> tooManyNewLanguages(path));
    }
    String name = coder.user().username();
    scenarios.put("GET /api/users/{username} 200", () -> http.get("/api/users/" + name));
    scenarios.put("GET /api/users/{username} 302", () -> http.get("/api/users/" + name.toUpperCase()));
    scenarios.put("GET /api/users/{username} 404", () -> {
      var hidden = users.user("openapi-private");
      accounts.setPrivateProfile(hidden.id(), true);
      return http.get("/api/users/" + hidden.username());
    });
    scenarios.put("GET /api/users/{username} 404 (unknown)",
        () -> http.get("/api/users/no-such-user-" + UUID.randomUUID()));
    scenarios.put("GET /api/ping 200", () -> http.get("/api/ping"));
    scenarios.put("GET /api/leaderboards 200", () -> http.get("/api/leaderboards?window=all&language=Java"));
    scenarios.put("GET /api/leaderboards 200 (overall)", () -> http.get("/api/leaderboards"));
    scenarios.put("GET /api/leaderboards 400", () -> http.get("/api/leaderboards?window=fortnight"));
    scenarios.put("GET /api/leaderboards 404",
        () -> http.get("/api/leaderboards?language=no-such-language-" + UUID.randomUUID()));
    return scenarios;
  }

  HttpResponse<String> post(String path, String token, String body) {
    return http.send(http.request(path)
        .header("Content-Type", "application/json")
        .header("X-API-Token", token)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  /** A new user's 101st new language of the day (api-docs: the cap on new languages). */
  HttpResponse<String> tooManyNewLanguages(String path) {
    var flooder = users.userWithMachine("openapi-flood");
    String run = UUID.randomUUID().toString().substring(0, 8);
    var hundred = IntStream.range(0, 100).mapToObj(i -> "{\"language\":\"OpenApiLang-" + run + "-" + i + "\",\"xp\":1}")
        .collect(Collectors.joining(",", "[", "]"));
    assertThat(post(path, flooder.token(), pulse(now(), hundred)).statusCode()).isEqualTo(201);
    return post(path, flooder.token(), pulse(now(), "[{\"language\":\"OpenApiLang-" + run + "-extra\",\"xp\":1}]"));
  }

  @Test
  void everyDocumentedAnswerIsWhatTheApiAnswers() throws Exception {
    var served = http.get("/api/openapi.json");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode document = JSON.readTree(served.body());
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "openapi.json"), served.body()); // for a look after the run
    assertThat(document.path("openapi").asString()).startsWith("3.1.");
    assertThat(document.path("paths").propertyNames())
        .contains("/api/my/pulses", "/api/my/pulses/", "/api/users/{username}", "/api/ping")
        .allMatch(path -> path.startsWith("/api/"));

    var scenarios = scenarios();
    var unused = new LinkedHashSet<>(scenarios.keySet());
    var missing = new ArrayList<String>();
    var failures = new ArrayList<String>();
    int checked = 0;
    for (var path : document.path("paths").properties()) {
      for (var operation : path.getValue().properties()) {
        if (!METHODS.contains(operation.getKey())) {
          continue;
        }
        String method = operation.getKey().toUpperCase();
        for (var answer : operation.getValue().path("responses").properties()) {
          String key = method + " " + path.getKey() + " " + answer.getKey();
          if (NOT_REACHABLE_HERE.containsKey(key)) {
            failures.addAll(checkExamples(key, answer.getValue(), document));
            continue;
          }
          var matching = scenarios.keySet().stream().filter(k -> k.equals(key) || k.startsWith(key + " (")).toList();
          List<Supplier<HttpResponse<String>>> calls = matching.stream().map(scenarios::get).toList();
          if (calls.isEmpty() && method.equals("GET") && !path.getKey().contains("{")
              && answer.getKey().equals("200")) {
            calls = List.of(() -> http.get(path.getKey()));
          }
          if (calls.isEmpty()) {
            missing.add(key);
            continue;
          }
          unused.removeAll(matching);
          for (var call : calls) {
            failures.addAll(check(key, answer.getValue(), call.get(), document));
            checked++;
          }
        }
      }
    }
    assertThat(missing).as("documented answers that no request here exercises").isEmpty();
    assertThat(unused).as("scenarios for answers the document does not list").isEmpty();
    assertThat(failures).as("answers that differ from the document").isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(16);
  }

  /** What differs between one real answer and its documented response object. */
  private List<String> check(String key, JsonNode documented, HttpResponse<String> response, JsonNode document) {
    var failures = new ArrayList<String>();
    int status = Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1));
    if (response.statusCode() != status) {
      return List.of(key + ": got " + response.statusCode() + " " + response.body());
    }
    for (var header : documented.path("headers").properties()) {
      if (header.getValue().path("required").asBoolean(false)
          && response.headers().firstValue(header.getKey()).isEmpty()) {
        failures.add(key + ": no header " + header.getKey());
      }
    }
    var content = documented.path("content");
    if (content.isEmpty()) {
      return failures;
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    var media = content.properties().stream().filter(m -> contentType.startsWith(m.getKey())).findFirst();
    if (media.isEmpty()) {
      failures.add(key + ": content type " + contentType + " is not one of " + content.propertyNames());
      return failures;
    }
    var errors = validate(media.get().getValue().path("schema"), JSON.readTree(response.body()), document);
    errors.forEach(error -> failures.add(key + ": " + error + " in " + response.body()));
    return failures;
  }

  /** Documented examples of an answer this suite cannot cause must still fit their schema. */
  private List<String> checkExamples(String key, JsonNode documented, JsonNode document) {
    var failures = new ArrayList<String>();
    for (var media : documented.path("content").properties()) {
      JsonNode schema = media.getValue().path("schema");
      JsonNode example = JSON.readTree("{\"error\":\"Service temporarily unavailable, please try again shortly.\"}");
      validate(schema, example, document).forEach(error -> failures.add(key + " (example): " + error));
    }
    return failures;
  }

  /** The schema with the document's components beside it, so that its $refs resolve. */
  private static List<String> validate(JsonNode schema, JsonNode body, JsonNode document) {
    ObjectNode root = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
    root.set("components", document.path("components").deepCopy());
    var validator = SCHEMAS.getSchema(SchemaLocation.of("https://codestats.test/openapi.json"), root);
    return validator.validate(body).stream().map(error -> error.toString()).toList();
  }

  @Test
  void theValidationHasTeeth() {
    JsonNode document = JSON.readTree(http.get("/api/openapi.json").body());
    JsonNode profile = JSON.readTree("{\"$ref\":\"#/components/schemas/PublicProfile\"}");
    JsonNode good = JSON.readTree(http.get("/api/users/" + coder.user().username()).body());
    assertThat(validate(profile, good, document)).isEmpty();
    ObjectNode extra = ((ObjectNode) good).deepCopy();
    extra.put("level", 1);
    assertThat(validate(profile, extra, document)).isNotEmpty();
    ObjectNode badDate = ((ObjectNode) good).deepCopy();
    badDate.putObject("dates").put("yesterday", 3);
    assertThat(validate(profile, badDate, document)).isNotEmpty();
    JsonNode invalid = document.at("/paths/~1api~1my~1pulses/post/responses/400/content/application~1json/schema");
    assertThat(validate(invalid, JSON.readTree("{\"error\":\"Invalid date.\"}"), document)).isEmpty();
    assertThat(validate(invalid, JSON.readTree("{\"error\":\"Something else\"}"), document)).isNotEmpty();
  }
}
