package net.codestats.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private matrix for per-item privacy: a fresh user codes on two machines, then hides one
 * machine and one language through the forms. Each public path (page, JSON, GraphQL, the
 * language list, the live socket) is read before hiding (the control: the items show) and after
 * (they must not, nor their XP in the totals); the owner's own page must still show them.
 */
final class HiddenMatrix {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  /** XP amounts no generated pulse has. */
  private static final int HIDDEN_MACHINE_XP = 6661;
  private static final int HIDDEN_LANGUAGE_XP = 6662;
  private static final int SHOWN_XP = 6663;

  private HiddenMatrix() {}

  static List<PrivateMatrix.Row> run(BenchEnvironment env, HttpClient client) throws Exception {
    var owner = PrivateMatrix.Viewer.signUp(client, env);
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String shownMachine = "shown-box-" + suffix;
    String hiddenMachine = "hidden-box-" + suffix;
    String shownLanguage = "Shownlang-" + suffix;
    String hiddenLanguage = "Hiddenlang-" + suffix;
    String machineOnlyLanguage = "Boxlang-" + suffix;
    Map<String, String> tokens = new LinkedHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (String machine : List.of(shownMachine, hiddenMachine)) {
      addMachine(client, env, owner.cookie(), machine, tokens, ids);
    }
    pulse(client, env, tokens.get(shownMachine), Map.of(shownLanguage, 10, hiddenLanguage, 5));
    pulse(client, env, tokens.get(hiddenMachine), Map.of(shownLanguage, 3, machineOnlyLanguage, 4));

    String user = URLEncoder.encode(owner.name(), StandardCharsets.UTF_8).replace("+", "%20");
    Map<String, HttpRequest> paths = new LinkedHashMap<>();
    paths.put("hidden items: JSON API /api/users/{name}", get(env, "/api/users/" + user));
    paths.put("hidden items: HTML profile /users/{name}", get(env, "/users/" + user));
    paths.put("hidden items: GraphQL /profile-graph", graphql(env, owner.name()));
    paths.put("hidden items: language list /aliases", get(env, "/aliases?q=" + suffix));
    List<String> secrets = List.of(hiddenMachine, hiddenLanguage, machineOnlyLanguage);

    Map<String, HttpResponse<String>> before = new LinkedHashMap<>();
    for (var path : paths.entrySet()) {
      before.put(path.getKey(), client.send(path.getValue(), HttpResponse.BodyHandlers.ofString()));
    }

    post(client, env, owner.cookie(), "/my/machines", "/my/machines/" + ids.get(hiddenMachine) + "/hide", "");
    post(client, env, owner.cookie(), "/users/" + user, "/my/hidden-languages",
        "language=" + URLEncoder.encode(hiddenLanguage, StandardCharsets.UTF_8) + "&hidden=true");

    var rows = new ArrayList<PrivateMatrix.Row>();
    for (var path : paths.entrySet()) {
      var shown = before.get(path.getKey());
      var after = client.send(path.getValue(), HttpResponse.BodyHandlers.ofString());
      // the language list names languages only
      List<String> expected = path.getKey().contains("/aliases") ? secrets.subList(1, secrets.size()) : secrets;
      boolean exists = shown.statusCode() == 200 && expected.stream().allMatch(s -> shown.body().contains(s));
      List<String> leaked = secrets.stream().filter(s -> after.body().contains(s)).toList();
      String leak = after.statusCode() != 200
          ? "status " + after.statusCode()
          : !leaked.isEmpty()
              ? "hidden items appear: " + leaked
              : path.getKey().contains("JSON") && !after.body().contains("\"total_xp\":10,")
                  ? "total is not 10: "
                      + BadInput.abbreviate(after.body())
                  : null;
      rows.add(PrivateMatrix.row(path.getKey(), "before hiding " + shown.statusCode() + (exists ? " with them" : ""),
          "after " + after.statusCode(), exists, leak));
    }

    // the owner still sees everything
    var own = client.send(
        HttpRequest.newBuilder(env.uri("/users/" + user)).header("Cookie", owner.cookie()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    boolean ownerSees = secrets.stream().allMatch(s -> own.body().contains(s))
        && own.body().contains("hidden from your public profile");
    rows.add(PrivateMatrix.row("hidden items: the owner's own profile page", "owner " + own.statusCode(),
        ownerSees ? "all shown, marked" : "missing", own.statusCode() == 200,
        ownerSees ? null : "the owner does not see their hidden items marked"));

    rows.add(live(env, client, owner.name(), tokens.get(shownMachine), tokens.get(hiddenMachine), shownLanguage,
        hiddenLanguage));
    return rows;
  }

  /** A visitor's socket on the user's topic and one on the front page, after hiding. */
  private static PrivateMatrix.Row live(BenchEnvironment env, HttpClient client, String name, String shownToken,
      String hiddenToken, String shownLanguage, String hiddenLanguage) throws Exception {
    var sockets = new ArrayList<RawWebSocket>();
    try {
      RawWebSocket visitor = LiveMatrix.open(env, "", sockets);
      LiveMatrix.join(visitor, "users:" + name);
      RawWebSocket front = LiveMatrix.open(env, "", sockets);
      LiveMatrix.join(front, "frontpage");
      pulse(client, env, hiddenToken, Map.of(shownLanguage, HIDDEN_MACHINE_XP));
      pulse(client, env, shownToken, Map.of(hiddenLanguage, HIDDEN_LANGUAGE_XP, shownLanguage, SHOWN_XP));
      Map<RawWebSocket, List<String>> received = LiveMatrix.collect(sockets, Duration.ofSeconds(4));
      boolean pushed = received.get(visitor).stream().anyMatch(f -> f.contains("\"amount\":" + SHOWN_XP))
          && received.get(front).stream().anyMatch(f -> f.contains("\"amount\":" + SHOWN_XP));
      List<String> leaks = new ArrayList<>();
      for (var frames : received.values()) {
        frames.stream()
            .filter(f -> f.contains("\"amount\":" + HIDDEN_MACHINE_XP) || f.contains("\"amount\":" + HIDDEN_LANGUAGE_XP)
                || f.contains(hiddenLanguage))
            .forEach(leaks::add);
      }
      return PrivateMatrix.row("hidden items: live socket new_pulse (users: topic and front page)",
          pushed ? "shown XP pushed" : "not pushed", leaks.isEmpty() ? "hidden XP not pushed" : "hidden XP pushed",
          pushed, leaks.isEmpty() ? null : "hidden machine or language pushed: " + leaks);
    } finally {
      sockets.forEach(RawWebSocket::close);
    }
  }

  private static void addMachine(HttpClient client, BenchEnvironment env, String cookie, String name,
      Map<String, String> tokens, Map<String, String> ids) throws Exception {
    post(client, env, cookie, "/my/machines", "/my/machines",
        "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    var list = client.send(withCookie(get(env, "/my/machines"), cookie), HttpResponse.BodyHandlers.ofString());
    Matcher row = Pattern.compile("data-machine-id=\"(\\d+)\">\\s*<td class=\"machine-name\">" + Pattern.quote(name))
        .matcher(list.body());
    if (!row.find()) {
      throw new IllegalStateException("/my/machines does not list " + name);
    }
    Matcher token = Pattern.compile("id=\"token-" + row.group(1) + "\" value=\"([^\"]+)\"").matcher(list.body());
    if (!token.find()) {
      throw new IllegalStateException("/my/machines shows no token for " + name);
    }
    ids.put(name, row.group(1));
    tokens.put(name, token.group(1));
  }

  /** Posts a form of the page at {@code page} (for its CSRF token), expecting a redirect. */
  private static void post(HttpClient client, BenchEnvironment env, String cookie, String page, String action,
      String fields) throws Exception {
    var shown = client.send(withCookie(get(env, page), cookie), HttpResponse.BodyHandlers.ofString());
    Matcher csrf = CSRF.matcher(shown.body());
    if (!csrf.find()) {
      throw new IllegalStateException(page + " answered " + shown.statusCode() + " without a form");
    }
    var answer = client.send(
        HttpRequest.newBuilder(env.uri(action))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie + csrfCookie(shown))
            .POST(HttpRequest.BodyPublishers.ofString(
                "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                    + (fields.isEmpty() ? "" : "&" + fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 302) {
      throw new IllegalStateException("POST " + action + " answered " + answer.statusCode());
    }
  }

  /** The form's CSRF token may live in a cookie the page sets: "; XSRF-TOKEN=…", or nothing. */
  private static String csrfCookie(HttpResponse<?> page) {
    return page.headers().allValues("Set-Cookie").stream()
        .filter(header -> header.startsWith("XSRF-TOKEN="))
        .map(header -> "; " + header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
        .findFirst()
        .orElse("");
  }

  private static void pulse(HttpClient client, BenchEnvironment env, String token, Map<String, Integer> xps)
      throws Exception {
    var list = new StringBuilder("[");
    xps.forEach((language, xp) -> list.append(list.length() > 1 ? "," : "").append("{\"language\":\"").append(language)
        .append("\",\"xp\":").append(xp).append('}'));
    String body = "{\"coded_at\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(2) + "\",\"xps\":" + list + "]}";
    var answer = client.send(
        HttpRequest.newBuilder(env.uri("/api/my/pulses"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-API-Token", token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("matrix pulse answered " + answer.statusCode() + " " + answer.body());
    }
  }

  private static HttpRequest get(BenchEnvironment env, String path) {
    return HttpRequest.newBuilder(env.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
  }

  private static HttpRequest withCookie(HttpRequest request, String cookie) {
    return HttpRequest.newBuilder(request, (n, v) -> true).header("Cookie", cookie).build();
  }

  private static HttpRequest graphql(BenchEnvironment env, String user) {
    String body = "{\"query\":\"query($u: String!) { profile(username: $u) { totalXp languages { name xp } "
        + "machines { name xp } dayLanguageXps(since: \\\"2000-01-01\\\") { language xp } } }\","
        + "\"variables\":{\"u\":\"" + user + "\"}}";
    return HttpRequest.newBuilder(env.uri("/profile-graph"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
