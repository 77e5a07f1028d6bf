package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standard introspection query (graphql-js {@code getIntrospectionQuery()}, what GraphiQL,
 * graphql-codegen and Postman send) against the running app, and the schema it describes
 * compared with the original's, so that names and nullability clients generated code from
 * cannot drift.
 */
@IntegrationTest
class ProfileIntrospectionTest {

  static final JsonMapper JSON = JsonMapper.shared();
  static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");

  @LocalServerPort int port;

  @Test
  void theStandardIntrospectionQueryDescribesTheOriginalSchema() throws IOException {
    String query = resource("introspection/introspection-query.graphql");
    for (boolean raw : List.of(false, true)) {
      var response =
          new Http(port)
              .send(
                  new Http(port)
                      .request("/profile-graph")
                      .header("Content-Type", raw ? "text/plain" : "application/json")
                      .POST(HttpRequest.BodyPublishers
                          .ofString(raw ? query : JSON.writeValueAsString(Map.of("query", query))))
                      .build());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.has("errors")).as(response.body()).isFalse();
      assertThat(describe(body.get("data").get("__schema"))).isEqualTo(expected());
    }
  }

  private static List<String> expected() throws IOException {
    return resource("introspection/original-schema.txt").lines().filter(line -> !line.startsWith("#")).toList();
  }

  /** The same lines as original-schema.txt, from an introspection result. */
  static List<String> describe(JsonNode schema) {
    var lines = new ArrayList<String>();
    lines.add("query " + schema.get("queryType").get("name").asString());
    lines.add("mutation "
        + (schema.get("mutationType").isNull() ? "none" : schema.get("mutationType").get("name").asString()));
    lines.add("subscription "
        + (schema.get("subscriptionType").isNull() ? "none" : schema.get("subscriptionType").get("name").asString()));
    schema.get("types").valueStream()
        .filter(type -> !type.get("name").asString().startsWith("__"))
        .filter(type -> !BUILT_IN_SCALARS.contains(type.get("name").asString()))
        .sorted(Comparator.comparing((JsonNode type) -> type.get("kind").asString())
            .thenComparing(type -> type.get("name").asString()))
        .forEach(type -> {
          lines.add(type.get("kind").asString() + " " + type.get("name").asString());
          if (type.get("fields").isArray()) {
            type.get("fields").valueStream()
                .sorted(Comparator.comparing(field -> field.get("name").asString()))
                .forEach(field -> lines.add("  " + field.get("name").asString() + arguments(field.get("args")) + ": "
                    + typeRef(field.get("type"))));
          }
        });
    return lines;
  }

  private static String arguments(JsonNode args) {
    if (args.isEmpty()) {
      return "";
    }
    return args.valueStream().map(arg -> arg.get("name").asString() + ": " + typeRef(arg.get("type")))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String typeRef(JsonNode type) {
    return switch (type.get("kind").asString()) {
      case "NON_NULL" -> typeRef(type.get("ofType")) + "!";
      case "LIST" -> "[" + typeRef(type.get("ofType")) + "]";
      default -> type.get("name").asString();
    };
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ProfileIntrospectionTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
