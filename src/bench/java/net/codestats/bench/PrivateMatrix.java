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
 * (which shows whether the path exists yet): anonymously, signed in as another user, and on the
 * live socket (joins, pushes on {@code users:} topics, the front page). Add paths here as they land.
 */
final class PrivateMatrix {

  /** The private user's only machine (see DataGenerator). */
  static final String PRIVATE_MACHINE = "secret-laptop";

  /** How a path shows a user, and whether an answer for the private user gives them away. */
  record Path(String name, BiFunction<BenchEnvironment, String, HttpRequest> request, Leak leak, boolean signedIn) {
    Path(String name, BiFunction<BenchEnvironment, String, HttpRequest> request, Leak leak) {
      this(name, request, leak, false);
    }
  }

  interface Leak {
    /** @return why the answer gives the private user away, or null */
    String check(HttpResponse<String> response, String privateUser);
  }

  record Row(String path, String publicAnswer, String privateAnswer, String verdict, boolean failed) {}

  private PrivateMatrix() {}

  static final Leak MUST_BE_404 =
      (response, user) -> response.statusCode() == 404 ? null : "status " + response.statusCode() + " (not 404)";

  /**
   * README images: the same grey "not found" SVG as for an unknown user, 404, kept by nobody
   * (an image proxy must not go on showing figures), and nothing of the user in it.
   */
  static final Leak NOT_FOUND_IMAGE = (response, user) -> {
    if (response.statusCode() != 404) {
      return "status " + response.statusCode() + " (not 404)";
    }
    if (!response.headers().firstValue("Cache-Control").orElse("").contains("no-store")) {
      return "Cache-Control " + response.headers().firstValue("Cache-Control").orElse("(none)") + " (not no-store)";
    }
    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml")) {
      return "not an SVG image";
    }
    String body = response.body().toLowerCase(Locale.ROOT);
    if (body.contains(user.toLowerCase(Locale.ROOT)) || body.contains("level") || !body.contains("not found")) {
      return "the image is not the plain not-found badge";
    }
    return null;
  };

  static final Leak NAME_NOT_LISTED =
      (response, user) -> response.body().toLowerCase(Locale.ROOT).contains(user.toLowerCase(Locale.ROOT))
          ? "the private user's name appears"
          : null;

  static final Leak GRAPHQL_NO_PROFILE =
      (response, user) -> response.body().replace(" ", "").contains("\"profile\":null")
          ? null
          : "profile not null: " + response.body();

  /** Own data only: nothing of the private user (their machine, their name) in what comes back. */
  static final Leak NONE_OF_THEIRS =
      (response,
          user) -> response.body().contains(PRIVATE_MACHINE) || response.body().toLowerCase(Locale.ROOT).contains(user)
              ? "the private user's data appears"
              : null;

  static List<Path> paths() {
    return List.of(
        new Path("JSON API /api/users/{name}", (env, u) -> get(env, "/api/users/" + u), MUST_BE_404),
        new Path("JSON API, other case /api/users/{NAME}",
            (env, u) -> get(env, "/api/users/" + u.toUpperCase(Locale.ROOT)), MUST_BE_404),
        new Path("HTML profile /users/{name}", (env, u) -> get(env, "/users/" + u), MUST_BE_404),
        new Path("HTML profile, other case /users/{NAME}", (env, u) -> get(env, "/users/" + u.toUpperCase(Locale.ROOT)),
            MUST_BE_404),
        new Path("avatar /avatar/{name}", (env, u) -> get(env, "/avatar/" + u), MUST_BE_404),
        new Path("avatar, other case /avatar/{NAME}", (env, u) -> get(env, "/avatar/" + u.toUpperCase(Locale.ROOT)),
            MUST_BE_404),
        new Path("avatar, the original's path /users/{name}/avatar", (env, u) -> get(env, "/users/" + u + "/avatar"),
            MUST_BE_404),
        new Path("GraphQL /profile-graph (JSON request)", (env, u) -> graphql(env, u, true), GRAPHQL_NO_PROFILE),
        new Path("GraphQL /profile-graph (raw document, as the site's script sends)",
            (env, u) -> graphql(env, u, false), GRAPHQL_NO_PROFILE),
        new Path("GraphQL, other case", (env, u) -> graphql(env, u.toUpperCase(Locale.ROOT), true), GRAPHQL_NO_PROFILE),
        new Path("signed in as another user: HTML profile /users/{name}", (env, u) -> get(env, "/users/" + u),
            MUST_BE_404, true),
        new Path("signed in as another user: avatar /avatar/{name}", (env, u) -> get(env, "/avatar/" + u), MUST_BE_404,
            true),
        new Path("signed in as another user: avatar /users/{name}/avatar",
            (env, u) -> get(env, "/users/" + u + "/avatar"), MUST_BE_404, true),
        new Path("signed in as another user: GraphQL /profile-graph", (env, u) -> graphql(env, u, true),
            GRAPHQL_NO_PROFILE, true),
        new Path("signed in as another user: export /my/pulses?username={name}",
            (env, u) -> get(env, "/my/pulses?username=" + u), NONE_OF_THEIRS, true),
        new Path("signed in as another user: export /my/export/account?username={name}",
            (env, u) -> get(env, "/my/export/account?username=" + u), NONE_OF_THEIRS, true),
        new Path("badge /users/{name}/badge.svg", (env, u) -> get(env, "/users/" + u + "/badge.svg"), NOT_FOUND_IMAGE),
        new Path("badge of a language /users/{name}/badge.svg?language={a language both sent}&style=for-the-badge",
            (env, u) -> get(env, "/users/" + u + "/badge.svg?language=" + SHARED_LANGUAGE + "&style=for-the-badge"),
            NOT_FOUND_IMAGE),
        new Path("badge, other case /users/{NAME}/badge.svg",
            (env, u) -> get(env, "/users/" + u.toUpperCase(Locale.ROOT) + "/badge.svg"), NOT_FOUND_IMAGE),
        new Path("card /users/{name}/card.svg", (env, u) -> get(env, "/users/" + u + "/card.svg"), NOT_FOUND_IMAGE),
        new Path("card, dark with 10 languages /users/{name}/card.svg?theme=dark&languages=10",
            (env, u) -> get(env, "/users/" + u + "/card.svg?theme=dark&languages=10"), NOT_FOUND_IMAGE),
        new Path("signed in as another user: badge /users/{name}/badge.svg",
            (env, u) -> get(env, "/users/" + u + "/badge.svg"), NOT_FOUND_IMAGE, true),
        new Path("signed in as another user: card /users/{name}/card.svg",
            (env, u) -> get(env, "/users/" + u + "/card.svg"), NOT_FOUND_IMAGE, true),
        new Path("language list /aliases (a language only they sent, see sendOwnLanguages)",
            (env, u) -> get(env, "/aliases?q=" + OWN_LANGUAGE), NAME_NOT_LISTED),
        new Path("leaderboards /leaderboards", (env, u) -> get(env, "/leaderboards"), NAME_NOT_LISTED),
        new Path("leaderboards, all time /leaderboards?window=all", (env, u) -> get(env, "/leaderboards?window=all"),
            NAME_NOT_LISTED),
        new Path("leaderboards JSON /api/leaderboards?window=all", (env, u) -> get(env, "/api/leaderboards?window=all"),
            NAME_NOT_LISTED),
        new Path("leaderboards JSON, Java all time /api/leaderboards?window=all&language=Java",
            (env, u) -> get(env, "/api/leaderboards?window=all&language=Java"), NAME_NOT_LISTED),
        new Path("leaderboard of a language only they sent /leaderboards/{name}-only-language",
            (env, u) -> get(env, "/leaderboards/" + u + OWN_LANGUAGE), MUST_BE_404),
        new Path("leaderboards JSON of a language only they sent /api/leaderboards?language={name}-only-language",
            (env, u) -> get(env, "/api/leaderboards?language=" + u + OWN_LANGUAGE), MUST_BE_404),
        new Path("signed in as another user: leaderboards /leaderboards?window=all",
            (env, u) -> get(env, "/leaderboards?window=all"), NAME_NOT_LISTED, true),
        new Path("language page /users/{name}/languages/{a language both sent, see sendOwnLanguages}",
            (env, u) -> get(env, "/users/" + u + "/languages/" + SHARED_LANGUAGE), MUST_BE_404),
        new Path("language page, other case /users/{NAME}/languages/{language}",
            (env, u) -> get(env, "/users/" + u.toUpperCase(Locale.ROOT) + "/languages/" + SHARED_LANGUAGE),
            MUST_BE_404),
        new Path("signed in as another user: language page /users/{name}/languages/{language}",
            (env, u) -> get(env, "/users/" + u + "/languages/" + SHARED_LANGUAGE), MUST_BE_404, true),
        new Path("GraphQL profile { language(name:) } (JSON request)", (env, u) -> graphqlLanguage(env, u),
            GRAPHQL_NO_PROFILE),
        new Path("signed in as another user: GraphQL profile { language(name:) }",
            (env, u) -> graphqlLanguage(env, u), GRAPHQL_NO_PROFILE, true),
        new Path("signed in as another user: explain a day /my/days/{today}?username={name}",
            (env, u) -> get(env, "/my/days/" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "?username=" + u
                + "&language=" + SHARED_LANGUAGE),
            NONE_OF_THEIRS, true));
  }

  static List<Row> run(BenchEnvironment env, Dataset dataset) throws Exception {
    String publicUser = dataset.fanoutUser();
    String privateUser = dataset.privateUser();
    var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    var viewer = Viewer.signUp(client, env);
    sendOwnLanguages(client, env, dataset);
    var rows = new ArrayList<Row>();
    for (Path path : paths()) {
      var publicAnswer = client.send(request(path, env, publicUser, viewer), HttpResponse.BodyHandlers.ofString());
      boolean exists = publicAnswer.statusCode() == 200 || publicAnswer.statusCode() == 302;
      var privateAnswer = client.send(request(path, env, privateUser, viewer), HttpResponse.BodyHandlers.ofString());
      String leak = path.leak().check(privateAnswer, privateUser);
      if (privateAnswer.statusCode() >= 500) {
        leak = "server error " + privateAnswer.statusCode();
      }
      rows.add(row(path.name(), Integer.toString(publicAnswer.statusCode()),
          Integer.toString(privateAnswer.statusCode()), exists, leak));
    }
    rows.addAll(LiveMatrix.run(env, dataset, viewer.channelToken()));
    rows.addAll(HiddenMatrix.run(env, client));
    return rows;
  }

  /** A language both the public and the private user send (see sendOwnLanguages): their language pages exist. */
  static final String SHARED_LANGUAGE = "Bench-Matrix-Language";

  /** Ends the name of a language that only one user sends: {@code <username>-only-language}. */
  static final String OWN_LANGUAGE = "-only-language";

  /** The public and the private user each send XP in a language named after them. */
  private static void sendOwnLanguages(HttpClient client, BenchEnvironment env, Dataset dataset) throws Exception {
    for (var user : List.of(List.of(dataset.fanoutUser(), dataset.fanoutToken()),
        List.of(dataset.privateUser(), dataset.privateToken()))) {
      String body =
          "{\"coded_at\":\"" + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC) + "\",\"xps\":[{\"language\":\""
              + user.get(0) + OWN_LANGUAGE + "\",\"xp\":7},{\"language\":\"" + SHARED_LANGUAGE + "\",\"xp\":5}]}";
      var sent = client.send(HttpRequest.newBuilder(env.uri("/api/my/pulses")).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").header("X-API-Token", user.get(1))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (sent.statusCode() != 201) {
        throw new IllegalStateException(
            "the pulse of " + user.get(0) + " answered " + sent.statusCode() + " " + sent.body());
      }
    }
  }

  static Row row(String path, String publicAnswer, String privateAnswer, boolean exists, String leak) {
    String verdict = !exists
        ? (leak == null ? "not available yet" : "not available yet; " + leak)
        : leak == null ? "private" : "**LEAK: " + leak + "**";
    return new Row(path, publicAnswer, privateAnswer, verdict, exists && leak != null);
  }

  private static HttpRequest request(Path path, BenchEnvironment env, String user, Viewer viewer) {
    HttpRequest request = path.request().apply(env, user);
    return path.signedIn()
        ? HttpRequest.newBuilder(request, (n, v) -> true).header("Cookie", viewer.cookie()).build()
        : request;
  }

  private static HttpRequest get(BenchEnvironment env, String path) {
    return HttpRequest.newBuilder(env.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
  }

  private static HttpRequest graphql(BenchEnvironment env, String user, boolean json) {
    String document = "{ profile(username: \"" + user + "\") { totalXp languages { name xp } machines { name xp } } }";
    String body = json
        ? "{\"query\":\"query($u: String!) { profile(username: $u) { totalXp languages { name xp } machines { name xp } } }\","
            + "\"variables\":{\"u\":\"" + user + "\"}}"
        : document;
    return HttpRequest.newBuilder(URI.create(env.uri("/profile-graph").toString()))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", json ? "application/json" : "text/plain;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The language field of GraphQL, for a language the user sent (the public user's answer shows it). */
  private static HttpRequest graphqlLanguage(BenchEnvironment env, String user) {
    String body = "{\"query\":\"query($u: String!) { profile(username: $u) { language(name: \\\"" + SHARED_LANGUAGE
        + "\\\") { name xp newXp level machines { name xp } } } }\",\"variables\":{\"u\":\"" + user + "\"}}";
    return HttpRequest.newBuilder(URI.create(env.uri("/profile-graph").toString()))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Another user, signed up and logged in through the forms: their session cookie and channel token. */
  record Viewer(String name, String cookie, String channelToken) {

    static Viewer signUp(HttpClient client, BenchEnvironment env) throws Exception {
      String name = "bench-viewer-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
      String password = "viewer-password-" + name;
      var signup = BadForms.begin(client, env.uri("/signup"));
      var created = postForm(client, env, "/signup", signup, "username=" + name + "&password=" + password
          + "&old_enough=on&terms_read=on");
      if (created.statusCode() != 302) {
        throw new IllegalStateException("sign-up of the viewer answered " + created.statusCode());
      }
      var login = BadForms.begin(client, env.uri("/login"));
      var loggedIn = postForm(client, env, "/login", login, "username=" + name + "&password=" + password);
      String location = loggedIn.headers().firstValue("Location").orElse("");
      String cookie = loggedIn.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("JSESSIONID="))
          .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "log-in of the viewer set no session (" + loggedIn.statusCode() + " " + location + ")"));
      var own = client.send(HttpRequest.newBuilder(env.uri("/users/" + name)).header("Cookie", cookie).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      var token = java.util.regex.Pattern.compile("name=\"channel_token\" content=\"([^\"]+)\"").matcher(own.body());
      if (!token.find()) {
        throw new IllegalStateException(
            "the viewer's own profile page has no channel token (" + own.statusCode() + ")");
      }
      return new Viewer(name, cookie, token.group(1));
    }

    private static HttpResponse<String> postForm(HttpClient client, BenchEnvironment env, String path,
        BadForms.Session session,
        String fields) throws Exception {
      String body =
          "_csrf=" + java.net.URLEncoder.encode(session.csrf(), java.nio.charset.StandardCharsets.UTF_8) + "&" + fields;
      return client.send(HttpRequest.newBuilder(env.uri(path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Cookie", session.cookie())
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
