package net.codestats.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * A private user checked on every path that shows user data, next to a public user with data
 * (which shows whether the path exists yet). Add paths here as they land.
 */
final class PrivateMatrix {

  /** How a path shows a user, and whether an answer for the private user gives them away. */
  record Path(String name, BiFunction<BenchEnvironment, String, HttpRequest> request, Leak leak) {}

  interface Leak {
    /** @return why the answer gives the private user away, or null */
    String check(HttpResponse<String> response, String privateUser);
  }

  record Row(String path, String publicAnswer, String privateAnswer, String verdict, boolean failed) {}

  private PrivateMatrix() {}

  static final Leak MUST_BE_404 =
      (response, user) -> response.statusCode() == 404 ? null : "status " + response.statusCode() + " (not 404)";

  static final Leak NAME_NOT_LISTED =
      (response, user) -> response.body().toLowerCase(Locale.ROOT).contains(user.toLowerCase(Locale.ROOT))
          ? "the private user's name appears" : null;

  static final Leak GRAPHQL_NO_PROFILE =
      (response, user) -> response.body().replace(" ", "").contains("\"profile\":null") ? null
          : "profile not null: " + response.body();

  static List<Path> paths() {
    return List.of(
        new Path("JSON API /api/users/{name}", (env, u) -> get(env, "/api/users/" + u), MUST_BE_404),
        new Path("JSON API, other case /api/users/{NAME}", (env, u) -> get(env, "/api/users/" + u.toUpperCase(Locale.ROOT)), MUST_BE_404),
        new Path("HTML profile /users/{name}", (env, u) -> get(env, "/users/" + u), MUST_BE_404),
        new Path("HTML profile, other case /users/{NAME}", (env, u) -> get(env, "/users/" + u.toUpperCase(Locale.ROOT)), MUST_BE_404),
        new Path("avatar /avatar/{name}", (env, u) -> get(env, "/avatar/" + u), MUST_BE_404),
        new Path("badge /users/{name}/badge.svg", (env, u) -> get(env, "/users/" + u + "/badge.svg"), MUST_BE_404),
        new Path("card /users/{name}/card.svg", (env, u) -> get(env, "/users/" + u + "/card.svg"), MUST_BE_404),
        new Path("language drill-down /users/{name}/languages/Java", (env, u) -> get(env, "/users/" + u + "/languages/Java"), MUST_BE_404),
        new Path("GraphQL /profile-graph", PrivateMatrix::graphql, GRAPHQL_NO_PROFILE),
        new Path("leaderboards /leaderboards", (env, u) -> get(env, "/leaderboards"), NAME_NOT_LISTED));
  }

  static List<Row> run(BenchEnvironment env, String publicUser, String privateUser) throws Exception {
    var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    var rows = new ArrayList<Row>();
    for (Path path : paths()) {
      var publicAnswer = client.send(path.request().apply(env, publicUser), HttpResponse.BodyHandlers.ofString());
      boolean exists = publicAnswer.statusCode() == 200 || publicAnswer.statusCode() == 302;
      var privateAnswer = client.send(path.request().apply(env, privateUser), HttpResponse.BodyHandlers.ofString());
      String leak = path.leak().check(privateAnswer, privateUser);
      if (privateAnswer.statusCode() >= 500) {
        leak = "server error " + privateAnswer.statusCode();
      }
      String verdict = !exists ? (leak == null ? "not available yet" : "not available yet; " + leak)
          : leak == null ? "private" : "**LEAK: " + leak + "**";
      rows.add(new Row(path.name(), Integer.toString(publicAnswer.statusCode()), Integer.toString(privateAnswer.statusCode()),
          verdict, exists && leak != null));
    }
    return rows;
  }

  private static HttpRequest get(BenchEnvironment env, String path) {
    return HttpRequest.newBuilder(env.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
  }

  private static HttpRequest graphql(BenchEnvironment env, String user) {
    String body = "{\"query\":\"query($u: String!) { profile(username: $u) { totalXp } }\",\"variables\":{\"u\":\"" + user + "\"}}";
    return HttpRequest.newBuilder(URI.create(env.uri("/profile-graph").toString()))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
