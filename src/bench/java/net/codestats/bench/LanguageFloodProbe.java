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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security review item 6: one machine of a new user sends pulse after pulse of made-up
 * languages. The server must create at most its daily cap (100) of them, refuse the rest with
 * a 429 and the cap's error, keep accepting pulses in known languages, and keep {@code /aliases}
 * a page of at most 100 languages whatever the flood.
 */
final class LanguageFloodProbe implements SecurityProbes.Probe {

  static final int CAP = 100;
  static final String TOO_MANY =
      "{\"error\":\"Too many new languages: at most 100 new languages per user in 24 hours.\"}";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("class=\"token\" id=\"token-\\d+\" value=\"([^\"]+)\"");
  private static final Pattern ROW = Pattern.compile("<tr><td>");

  @Override
  public List<SecurityProbes.Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception {
    var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    var owner = PrivateMatrix.Viewer.signUp(client, env);
    String token = machineToken(client, env, owner.cookie());
    String prefix = "flood-" + Long.toString(System.nanoTime(), 36) + "-";
    int tried = isShort ? 3_000 : 30_000;

    int created = 0;
    int refused = 0;
    var other = new ArrayList<String>();
    long started = System.nanoTime();
    for (int sent = 0; sent < tried; sent += 100) {
      var names = new ArrayList<String>();
      for (int i = sent; i < sent + 100; i++) {
        names.add(prefix + i);
      }
      var answer = pulse(client, env, token, names);
      if (answer.statusCode() == 201) {
        created += names.size();
      } else if (answer.statusCode() == 429 && answer.body().equals(TOO_MANY)
          && answer.headers().firstValue("Retry-After").isPresent()) {
        refused++;
      } else if (answer.statusCode() == 429) {
        Thread.sleep(1_000); // the pulse rate limit: wait and send the same again
        sent -= 100;
      } else {
        other.add(answer.statusCode() + " " + answer.body());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int pulses = tried / 100;

    var known = pulse(client, env, token, List.of(prefix + 0, prefix + 99));
    var profile = client.send(
        get(env, "/api/users/" + URLEncoder.encode(owner.name(), StandardCharsets.UTF_8).replace("+", "%20")),
        HttpResponse.BodyHandlers.ofString());
    int onProfile = count(Pattern.compile(Pattern.quote("\"" + prefix) + "\\d+\"").matcher(profile.body()));

    var all = client.send(get(env, "/aliases"), HttpResponse.BodyHandlers.ofString());
    var flooded = client.send(get(env, "/aliases?q=" + prefix), HttpResponse.BodyHandlers.ofString());
    var lastPage = client.send(get(env, "/aliases?page=1000000"), HttpResponse.BodyHandlers.ofString());
    int rows = count(ROW.matcher(all.body()));
    int floodedRows = count(ROW.matcher(flooded.body()));
    int largest = Math.max(all.body().length(), Math.max(flooded.body().length(), lastPage.body().length()));

    return List.of(
        new SecurityProbes.Finding(
            "language flood: one machine sends %,d new languages in %,d pulses".formatted(tried, pulses),
            created == CAP && refused == pulses - 1 && other.isEmpty() && onProfile == CAP,
            "%,d created (cap %d), %,d pulses refused with 429 and the cap's error, %d other answers%s; %,d languages on the profile; %.1f s"
                .formatted(created, CAP, refused, other.size(), other.isEmpty() ? "" : " (" + other.getFirst() + ")",
                    onProfile, seconds)),
        new SecurityProbes.Finding(
            "language flood: pulses in known languages still work after the cap",
            known.statusCode() == 201,
            "answered " + known.statusCode() + " " + known.body()),
        new SecurityProbes.Finding(
            "language flood: /aliases stays one page of at most 100 languages",
            all.statusCode() == 200 && flooded.statusCode() == 200 && lastPage.statusCode() == 200
                && rows <= 100 && floodedRows == CAP && largest < 128 * 1024,
            "largest page %,d bytes; %d rows on the first page, %d rows searching the flood's %d languages (review: 7.5 MB per request)"
                .formatted(largest, rows, floodedRows, CAP)));
  }

  /** Adds a machine through the machines page and reads its token there. */
  private static String machineToken(HttpClient client, BenchEnvironment env, String cookie) throws Exception {
    var page = client.send(withCookie(get(env, "/my/machines"), cookie), HttpResponse.BodyHandlers.ofString());
    Matcher csrf = CSRF.matcher(page.body());
    if (!csrf.find()) {
      throw new IllegalStateException("/my/machines answered " + page.statusCode() + " without a form");
    }
    var added =
        client.send(
            HttpRequest.newBuilder(env.uri("/my/machines"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie + csrfCookie(page))
                .POST(HttpRequest.BodyPublishers.ofString(
                    "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) + "&name=flood-laptop"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (added.statusCode() != 302) {
      throw new IllegalStateException("adding a machine answered " + added.statusCode());
    }
    var list = client.send(withCookie(get(env, "/my/machines"), cookie), HttpResponse.BodyHandlers.ofString());
    Matcher token = TOKEN.matcher(list.body());
    if (!token.find()) {
      throw new IllegalStateException("/my/machines shows no token");
    }
    return token.group(1);
  }

  /** The form's CSRF token lives in a cookie the page sets: "; XSRF-TOKEN=…", or nothing. */
  private static String csrfCookie(HttpResponse<?> page) {
    return page.headers().allValues("Set-Cookie").stream()
        .filter(header -> header.startsWith("XSRF-TOKEN="))
        .map(header -> "; " + header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
        .findFirst()
        .orElse("");
  }

  private static HttpResponse<String> pulse(HttpClient client, BenchEnvironment env, String token, List<String> names)
      throws Exception {
    var xps = new StringBuilder("[");
    for (String name : names) {
      xps.append(xps.length() > 1 ? "," : "").append("{\"language\":\"").append(name).append("\",\"xp\":1}");
    }
    String body = "{\"coded_at\":\"" + OffsetDateTime.now(ZoneOffset.UTC) + "\",\"xps\":" + xps + "]}";
    return client.send(
        HttpRequest.newBuilder(env.uri("/api/my/pulses"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-API-Token", token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest get(BenchEnvironment env, String path) {
    return HttpRequest.newBuilder(env.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
  }

  private static HttpRequest withCookie(HttpRequest request, String cookie) {
    return HttpRequest.newBuilder(request, (n, v) -> true).header("Cookie", cookie).build();
  }

  private static int count(Matcher matcher) {
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
