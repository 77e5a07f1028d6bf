package net.codestats.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Generated malformed requests, reproducible from a seed. Every generated request is invalid
 * by construction (at least one defect); every answer must be a 4xx with a clear message
 * (JSON {@code error} for the API), never a 5xx, and nothing may be stored. Targets: the
 * pulse API, the profile API, GraphQL ({@link BadGraphQl}), the live socket ({@link BadSocket})
 * and the forms ({@link BadForms}); each has its own generator and judge.
 */
final class BadInput {

  /** How one malformed exchange went: the outcome to count, and what is wrong with it (null: nothing). */
  record Answer(String outcome, String problem) {}

  /** One malformed exchange with the server (one request, or a form session, or a socket). */
  interface Exchange {
    Answer run(HttpClient client, SplittableRandom random) throws Exception;
  }

  /** One endpoint under test; {@code share} scales the request count (the forms are slower). */
  record Target(String name, double share, Exchange exchange) {}

  record Outcome(String target, long requests, Map<String, Long> statuses, List<String> failures) {}

  private static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private BadInput() {}

  static List<Target> targets(BenchEnvironment env, String token, String publicUser, String privateUser) {
    URI pulses = env.uri("/api/my/pulses");
    return List.of(
        http("POST /api/my/pulses (valid token, malformed body)", r -> pulse(pulses, token, badPulseBody(r)),
            BadInput::jsonError),
        http("POST /api/my/pulses (malformed token headers)", r -> badTokenRequest(pulses, r), BadInput::jsonError),
        http("GET /api/users/{malformed name}", r -> badProfileRequest(env, r), BadInput::anyMessage),
        http("GraphQL /profile-graph", r -> BadGraphQl.request(env, publicUser, privateUser, r), BadGraphQl::judge),
        new Target("live socket /live_update_socket/websocket", 1,
            (client, r) -> BadSocket.exchange(env, publicUser, r)),
        form(env, "sign-up form POST /signup", BadForms.SIGNUP, publicUser),
        form(env, "log-in form POST /login", BadForms.LOGIN, publicUser),
        form(env, "password reset request POST /forgot-password", BadForms.FORGOT, publicUser),
        form(env, "new password POST /reset-password/{token}", BadForms.RESET, publicUser));
  }

  private static Target http(String name, Function<SplittableRandom, HttpRequest> generate,
      Function<HttpResponse<String>, String> judge) {
    return new Target(name, 1, (client, r) -> {
      HttpRequest request = generate.apply(r);
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String problem = judge.apply(response);
      return new Answer(Integer.toString(response.statusCode()),
          problem == null ? null : problem + " (" + describe(request) + ")");
    });
  }

  /** A fifth of the requests: every form post is two requests, and failed log-ins hash a password. */
  private static Target form(BenchEnvironment env, String name, BadForms.Form form, String takenName) {
    return new Target(name, 0.2, (client, r) -> BadForms.exchange(client, env, form, takenName, r));
  }

  static Outcome run(HttpClient client, Target target, int count, long seed) throws InterruptedException {
    int requests = Math.max(1, (int) Math.round(count * target.share()));
    var statuses = new ConcurrentHashMap<String, AtomicLong>();
    var failures = java.util.Collections.synchronizedList(new ArrayList<String>());
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < requests; i++) {
        var random = new SplittableRandom(seed * 1_000_003 + i);
        int n = i;
        pool.submit(() -> {
          Answer answer;
          try {
            answer = target.exchange().run(client, random);
          } catch (Exception e) {
            answer = new Answer(e.getClass().getSimpleName(), e.toString());
          }
          statuses.computeIfAbsent(answer.outcome(), k -> new AtomicLong()).incrementAndGet();
          if (answer.problem() != null && failures.size() < 20) {
            failures.add("#" + n + " " + answer.problem());
          }
        });
      }
    }
    Map<String, Long> counted = new TreeMap<>();
    statuses.forEach((k, v) -> counted.put(k, v.get()));
    return new Outcome(target.name(), requests, counted, List.copyOf(failures));
  }

  private static String anyMessage(HttpResponse<String> response) {
    int status = response.statusCode();
    return status < 400 || status >= 500 ? "status " + status + ": " + abbreviate(response.body()) : null;
  }

  /** The API's way: a 4xx with a JSON {@code error}. */
  private static String jsonError(HttpResponse<String> response) {
    String problem = anyMessage(response);
    if (problem != null) {
      return problem;
    }
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/json")) {
      return "status " + status + " without a JSON body (" + type + ")";
    }
    if (!response.body().matches("(?s)\\{\\s*\"error\"\\s*:\\s*\"[^\"]{3,}\".*")) {
      return "status " + status + " without a clear error: " + abbreviate(response.body());
    }
    return null;
  }

  // ---- pulse bodies: a valid template with at least one defect ----

  static byte[] badPulseBody(SplittableRandom r) {
    String codedAt = Instant.now().minusSeconds(60 + r.nextInt(3600)).atOffset(ZoneOffset.ofHours(2)).format(CODED_AT);
    String codedAtValue = "\"" + codedAt + "\"";
    String xps = "[{\"language\":\"Java\",\"xp\":" + (1 + r.nextInt(50)) + "}]";
    switch (r.nextInt(20)) {
      case 0 :
        return randomBytes(r, r.nextInt(1, 400));
      case 1 :
        return utf8(pick(r, "", " ", "null", "[]", "\"x\"", "42", "true", "{", "}", "{\"coded_at\":", "[{}]"));
      case 2 :
        codedAtValue = pick(r, "null", "12345", "[]", "{}", "true", "\"\"", "\"yesterday\"", "1.5e300");
        break;
      case 3 :
        codedAtValue = "\"" + pick(r, "2026-13-45T25:61:61+05:30", "2026-02-30T10:00:00Z", codedAt.substring(0, 19),
            codedAt.substring(0, 19) + "+25:00", codedAt.substring(0, 19) + "+05:60", "+999999-01-01T00:00:00Z",
            "2020-01-01T00:00:00+00:00", codedAt.replace('T', 'x'), codedAt + "garbage") + "\"";
        break;
      case 4 :
        xps = pick(r, "null", "\"Java\"", "{}", "42", "true", "{\"language\":\"Java\",\"xp\":1}");
        break;
      case 5 :
        xps = "[" + pick(r, "null", "1", "\"Java\"", "[]", "[\"Java\",1]", "true") + "]";
        break;
      case 6 :
        xps = "[{\"language\":" + pick(r, "null", "1", "[]", "{}", "true", "1.5") + ",\"xp\":3}]";
        break;
      case 7 :
        xps = "[{\"language\":\"Java\",\"xp\":" + pick(r, "null", "\"15\"", "15.0", "-1", "1e3", "true", "[]", "{}",
            "99999999999999999999999999", "100001", "2147483648", "-9223372036854775809", "1e400", "0.5") + "}]";
        break;
      case 8 :
        xps = "[{\"language\":\"Java\"}]";
        break;
      case 9 :
        xps = "[{\"xp\":5}]";
        break;
      case 10 :
        xps = "[{\"language\":\"" + "x".repeat(256 + r.nextInt(20_000)) + "\",\"xp\":1}]";
        break;
      case 11 :
        xps = "[{\"language\":\"Ja\\u" + pick(r, "0000", "0007", "001b", "007f", "0085", "d800", "dc00")
            + "va\",\"xp\":1}]";
        break;
      case 12 :
        return withInvalidUtf8(codedAt, r);
      case 13 :
        return utf8(deep(r.nextBoolean() ? "[" : "{\"a\":", r.nextInt(17, 20_000)));
      case 14 :
        xps = "[" + "{\"language\":\"Go\",\"xp\":1},".repeat(101) + "{\"language\":\"Go\",\"xp\":1}]";
        break;
      case 15 :
        return utf8("{\"coded_at\":" + codedAtValue + ",\"xps\":" + xps + ",\"pad\":\"" + "p".repeat(70_000) + "\"}");
      case 16 :
        return utf8("{\"coded_at\":" + codedAtValue + ",\"xps\":" + xps + "}" + pick(r, "x", "{}", "]", ",", "\u0000"));
      case 17 :
        return utf8(pick(r, "{\"xps\":" + xps + "}", "{\"coded_at\":" + codedAtValue + "}", "{}"));
      case 18 :
        xps = "[{\"language\":\"Java\",\"xp\":1},{\"language\":\"Go\",\"xp\":-" + (1 + r.nextInt(9)) + "}]";
        break;
      default :
        xps = "[{\"language\":\"Ja" + (char) r.nextInt(1, 32) + "va\",\"xp\":1}]";
        break; // raw control character
    }
    return utf8("{\"coded_at\":" + codedAtValue + ",\"xps\":" + xps + "}");
  }

  private static byte[] withInvalidUtf8(String codedAt, SplittableRandom r) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(utf8("{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Ja"));
    byte[][] invalid =
        {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
    out.writeBytes(invalid[r.nextInt(invalid.length)]);
    out.writeBytes(utf8("va\",\"xp\":1}]}"));
    return out.toByteArray();
  }

  private static String deep(String open, int depth) {
    return open.repeat(depth);
  }

  private static HttpRequest pulse(URI uri, String token, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-API-Token", token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpRequest badTokenRequest(URI uri, SplittableRandom r) {
    String body = "{\"coded_at\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\",\"xps\":[{\"language\":\"Java\",\"xp\":1}]}";
    var builder =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
    switch (r.nextInt(5)) {
      case 0 -> {} // no token
      case 1 -> builder.header("X-API-Token", "");
      case 2 -> builder.header("X-API-Token", randomToken(r, 1 + r.nextInt(200)));
      case 3 -> builder.header("X-API-Token", randomToken(r, 43)); // well-formed length, wrong MAC
      default -> builder.header("X-API-Token", randomToken(r, 43)).header("X-API-Token", randomToken(r, 43));
    }
    return builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpRequest badProfileRequest(BenchEnvironment env, SplittableRandom r) {
    var name = new StringBuilder("nobody-");
    int length = r.nextInt(1, r.nextBoolean() ? 80 : 3000);
    for (int i = 0; i < length; i++) {
      int kind = r.nextInt(10);
      if (kind == 0) {
        name.append("%").append("%02X".formatted(r.nextInt(256))); // any byte, percent-encoded
      } else if (kind == 1) {
        name.append(pick(r, "%C3%28", "%FF", "%00", "%2F", "%2e%2e", "+", "%E2%82", "%5C", "%0A"));
      } else {
        name.append((char) ('a' + r.nextInt(26)));
      }
    }
    return HttpRequest.newBuilder(URI.create(env.uri("/api/users/") + name.toString()))
        .timeout(Duration.ofSeconds(30)).GET().build();
  }

  private static String randomToken(SplittableRandom r, int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.";
    var token = new StringBuilder();
    for (int i = 0; i < length; i++) {
      token.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return token.toString();
  }

  static byte[] randomBytes(SplittableRandom r, int length) {
    byte[] bytes = new byte[length];
    r.nextBytes(bytes);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @SafeVarargs
  static <T> T pick(SplittableRandom r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static String describe(HttpRequest request) {
    return request.method() + " " + abbreviate(request.uri().toString());
  }

  static String abbreviate(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
  }
}
