package net.codestats.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Malformed requests to the GraphQL endpoint {@code /profile-graph}, each with at least one
 * defect: broken JSON, broken documents, too deep or too costly queries, wrong variable types,
 * unknown fields and arguments, overlong strings, invalid UTF-8, wrong methods, costly shapes
 * (fragment chains and fan-outs, aliases, token floods). The answer must
 * be a 4xx with a message, or (GraphQL over HTTP with {@code application/json}) a 200 whose
 * {@code errors} say what is wrong; never a 5xx and never an {@code INTERNAL_ERROR}.
 */
final class BadGraphQl {

  private BadGraphQl() {}

  static HttpRequest request(BenchEnvironment env, String publicUser, String privateUser, SplittableRandom r) {
    URI uri = env.uri("/profile-graph");
    String user = r.nextInt(4) == 0 ? privateUser : publicUser;
    String good = "{ profile(username: \\\"" + user + "\\\") { totalXp languages { name xp } } }";
    return switch (r.nextInt(17)) {
      case 0 -> json(uri,
          BadInput.pick(r, "{\"query\":", "{\"query\": 12}", "{\"query\": null}", "[]", "{}", "{\"variables\":{}}",
              "[{\"query\":\"" + good + "\"}]", "{\"query\":\"" + good + "\",\"variables\":\"not an object\"}",
              "{\"query\":\"" + good + "\",\"operationName\":5}",
              "{\"query\":\"" + good + "\",\"operationName\":\"Nope\"}",
              "{\"query\":[\"" + good + "\"]}", "null", "\"" + good + "\"", "{\"query\":\"" + good + "\"",
              "{\"query\":\"" + good + "\"}}"));
      case 1 -> raw(uri, BadInput.pick(r, "text/plain", "application/json", "application/graphql"),
          BadInput.randomBytes(r, 1 + r.nextInt(2000)));
      case 2 -> {
        // selections nested past the depth limit (through introspection, which nests without end)
        int depth = 6 + r.nextInt(r.nextBoolean() ? 30 : 3000);
        String deep = "{ __schema { types { " + "fields { type { ".repeat(depth / 2) + "name" + " } }".repeat(depth / 2)
            + " } } }";
        yield graphql(uri, r, deep);
      }
      case 3 -> json(uri,
          "{\"query\":\"query($a: String!) { profile(username: $a) { totalXp } }\",\"variables\":{\"a\":"
              + "[".repeat(600 + r.nextInt(5000))
              + "]".repeat(r.nextInt(3) == 0 ? 0 : 600) + "}}");
      case 4 -> {
        // many aliases: over the complexity limit, or over the body cap
        int copies = r.nextBoolean() ? 4 + r.nextInt(30) : 200 + r.nextInt(2000);
        var doc = new StringBuilder("{ ");
        for (int i = 0; i < copies; i++) {
          doc.append("p").append(i).append(": profile(username: \\\"").append(publicUser)
              .append(
                  "\\\") { totalXp languages { name xp } machines { name xp } dates { date xp } dayOfYearXps hourOfDayXps } ");
        }
        yield graphql(uri, r, doc.append('}').toString());
      }
      case 5 -> {
        String[] wrong = {"12", "true", "[]", "{}", "1.5", "\"yesterday\"", "\"2020-13-45\"", "\"+99999999-12-31\"",
          "\"-4714-01-01\"",
          "\"2026-02-30\"", "\"\"", "\"2026-01-01T25:00:00Z\"", "\"+999999999-12-31T23:59:59Z\""};
        String field = BadInput.pick(r, "dates(since: $s) { date xp }", "dayLanguageXps(since: $s) { date xp }",
            "dayOfWeekXps(since: $s) { day xp }");
        String type = field.startsWith("dayLanguage") ? "Date!" : "Date";
        String value = BadInput.pick(r, wrong);
        if (r.nextBoolean()) {
          field = BadInput.pick(r, "languages(since: $s) { name xp }", "machines(since: $s) { name xp }");
          type = "Datetime";
        }
        yield json(uri,
            "{\"query\":\"query($s: " + type + ") { profile(username: \\\"" + publicUser + "\\\") { " + field
                + " } }\",\"variables\":{\"s\":" + value + "}}");
      }
      case 6 -> json(uri, "{\"query\":\"query($u: String!) { profile(username: $u) { totalXp } }\",\"variables\":"
          + BadInput.pick(r, "{}", "{\"u\":null}", "{\"u\":12}", "{\"u\":[\"" + publicUser + "\"]}",
              "{\"u\":{\"name\":\"x\"}}",
              "{\"u\":true}", "{\"v\":\"" + publicUser + "\"}")
          + "}");
      case 7 -> graphql(uri, r, BadInput.pick(r,
          "{ profile(username: \\\"" + publicUser + "\\\") { nope } }",
          "{ profile(username: \\\"" + publicUser + "\\\") { totalXp(since: \\\"2020-01-01\\\") } }",
          "{ profile(username: \\\"" + publicUser + "\\\", extra: 1) { totalXp } }",
          "{ profile { totalXp } }",
          "{ profile(username: \\\"" + publicUser + "\\\") }",
          "{ profile(username: \\\"" + publicUser + "\\\") { languages } }",
          "{ users { name } }",
          "mutation { deleteProfile(username: \\\"" + publicUser + "\\\") }",
          "subscription { pulses { xp } }",
          "query($u: Int) { profile(username: $u) { totalXp } }",
          "query { profile(username: $undeclared) { totalXp } }",
          "{ profile(username: \\\"" + publicUser
              + "\\\") { ...F } } fragment F on Profile { ...G } fragment G on Profile { ...F }",
          "{ profile(username: \\\"" + publicUser + "\\\") { totalXp @skip(if: \\\"yes\\\") } }",
          "{ profile(username: \\\"" + publicUser + "\\\") { totalXp @nope } }",
          "query A { __typename } query B { __typename }",
          "{ profile(username: \\\"" + publicUser + "\\\") { dayLanguageXps { date xp } } }"));
      case 8 -> {
        String longName = "n".repeat(300 + r.nextInt(r.nextBoolean() ? 2000 : 20_000));
        yield graphql(uri, r, BadInput.pick(r,
            "{ profile(username: \\\"" + longName + "\\\") { totalXp } }",
            "{ profile(username: \\\"" + publicUser + "\\\") { dates(since: \\\"" + longName + "\\\") { date } } }",
            "{ " + longName + " }"));
      }
      case 9 -> invalidUtf8(uri, r, publicUser);
      case 10 -> {
        String query = BadInput.pick(r, "", "query=", "query=%7B", "query=" + "%7B".repeat(50),
            "query=%7B%20profile(username:%22" + publicUser + "%22)%7BtotalXp%7D%7D", "query=%FF%FE",
            "variables=%7B%7D");
        String method = BadInput.pick(r, "GET", "PUT", "DELETE", "PATCH");
        yield HttpRequest.newBuilder(URI.create(uri + (query.isEmpty() ? "" : "?" + query)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, method.equals("GET")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"query\":\"" + good + "\"}"))
            .build();
      }
      case 11 -> graphql(uri, r,
          "{ profile(username: \\\"" + BadInput.pick(r, "a\\u0000b", "\\u0000", "\\ud800", "\\udc00x", "a\\nb",
              "\\u001b[31m", "%00", "../" + publicUser, publicUser + "\\u0000") + "\\\") { totalXp } }");
      case 12 -> graphql(uri, r,
          BadInput.pick(r, "{", "}", "{ profile(username: \\\"" + publicUser + "\\\") { totalXp }",
              "{ profile(username: \\\"" + publicUser + ") { totalXp } }", "query(", "{ ... }", "!!!",
              "{ profile(username: 12 { } }",
              "\\\"unterminated", "{ profile(username: \\\"\\\"\\\"" + publicUser + ") }", "# only a comment",
              "{ a(b: [1, 2, {c: ) }"));
      case 13 -> json(uri, "{\"query\":\"{ profile(username: \\\"" + privateUser + "\\\") { totalXp } }\"}");
      case 14 -> {
        // a huge body: capped before it is read in full
        int size = 16 * 1024 + 1 + r.nextInt(200_000);
        yield raw(uri, BadInput.pick(r, "text/plain", "application/json"),
            ("{\"query\":\"" + good + "\",\"pad\":\"" + "p".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8));
      }
      case 15 -> graphql(uri, r,
          GraphQlCostProbe.costly(BadInput.pick(r, GraphQlCostProbe.SHAPES), 40 + r.nextInt(600), publicUser)
              .replace("\\", "\\\\").replace("\"", "\\\""));
      default -> graphql(uri, r,
          "{ profile(username: \\\"" + publicUser + "\\\") { " + "totalXp ".repeat(1 + r.nextInt(3))
              + BadInput.pick(r, "languages(since: 12) { name }", "dates(since: true) { date }",
                  "machines(since: []) { name }",
                  "dayOfWeekXps(since: {a: 1}) { day }", "languages(since: \\\"2020-01-01\\\") { name }",
                  "dates(since: \\\"2020-01-01T00:00:00Z\\\") { date }", "dayOfYearXps { x }",
                  "hourOfDayXps(since: \\\"2020-01-01\\\")")
              + " } }");
    };
  }

  /** The document as JSON {@code {"query": …}} or, half the time, raw as the original site sends it. */
  private static HttpRequest graphql(URI uri, SplittableRandom r, String jsonEscapedDocument) {
    if (r.nextBoolean()) {
      return json(uri, "{\"query\":\"" + jsonEscapedDocument + "\"}");
    }
    String rawDocument = jsonEscapedDocument.replace("\\\"", "\"").replace("\\\\", "\\");
    return raw(uri, "text/plain", rawDocument.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpRequest invalidUtf8(URI uri, SplittableRandom r, String publicUser) {
    var out = new ByteArrayOutputStream();
    boolean json = r.nextBoolean();
    out.writeBytes(
        ((json ? "{\"query\":\"" : "") + "{ profile(username: " + (json ? "\\\"" : "\"") + publicUser.substring(0, 3))
            .getBytes(StandardCharsets.UTF_8));
    byte[][] invalid =
        {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
    out.writeBytes(invalid[r.nextInt(invalid.length)]);
    out.writeBytes((publicUser.substring(3) + (json ? "\\\"" : "\"") + ") { totalXp } }" + (json ? "\"}" : ""))
        .getBytes(StandardCharsets.UTF_8));
    return raw(uri, json ? "application/json" : "text/plain", out.toByteArray());
  }

  private static HttpRequest json(URI uri, String body) {
    return raw(uri, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpRequest raw(URI uri, String contentType, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** null when the answer is a clear refusal. */
  static String judge(HttpResponse<String> response) {
    int status = response.statusCode();
    String body = response.body();
    if (status >= 500 || body.contains("INTERNAL_ERROR")) {
      return "status " + status + ": " + BadInput.abbreviate(body);
    }
    if (status >= 400) {
      return body.isBlank() && status != 405 ? "status " + status + " without a message" : null;
    }
    if (status == 200) {
      return body.matches("(?s).*\"errors\"\\s*:\\s*\\[\\s*\\{\\s*\"message\"\\s*:\\s*\"[^\"]{3,}.*")
          ? null
          : "200 without errors: " + BadInput.abbreviate(body);
    }
    return "status " + status + ": " + BadInput.abbreviate(body);
  }
}
