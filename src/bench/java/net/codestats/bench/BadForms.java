package net.codestats.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Malformed posts of the site's forms (sign-up, log-in, password reset request, new password),
 * as a browser session would send them: the form page is fetched first for the session cookie
 * and the CSRF token. Every post has at least one defect that must make it fail; the answer
 * must be a 4xx with a body, the form again with an error (200), or the redirect the form uses
 * for failures (log-in, reset request and new password show their outcome after a redirect,
 * the same for every name so that accounts cannot be probed).
 */
final class BadForms {

  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** A browser session: its cookie and the CSRF token of the form page. */
  record Session(String cookie, String csrf) {}

  /** A form: where it is shown, where it posts, and where a failed post may redirect to. */
  record Form(String page, String action, String failureRedirect) {}

  static final Form SIGNUP = new Form("/signup", "/signup", null);
  static final Form LOGIN = new Form("/login", "/login", "/login");
  static final Form FORGOT = new Form("/forgot-password", "/forgot-password", "/forgot-password");
  /** The new-password form of a mailed link; the token in the path is malformed or unknown. */
  static final Form RESET = new Form("/forgot-password", "/reset-password/", "/login");

  private BadForms() {}

  static Session begin(HttpClient client, URI page) throws Exception {
    var response = client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    var cookie = new StringBuilder();
    for (String header : response.headers().allValues("Set-Cookie")) {
      cookie.append(cookie.isEmpty() ? "" : "; ").append(header, 0,
          header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
    }
    var token = CSRF.matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException(page + " answered " + response.statusCode() + " without a CSRF token");
    }
    return new Session(cookie.toString(), token.group(1));
  }

  /** Fetches the form, posts the generated body with the session, and judges the answer. */
  static BadInput.Answer exchange(HttpClient client, BenchEnvironment env, Form form, String takenName,
      SplittableRandom r)
      throws Exception {
    var session = begin(client, env.uri(form.page()));
    Post post =
        switch (form.action()) {
          case "/signup" -> signup(r, takenName);
          case "/login" -> login(r, takenName);
          case "/forgot-password" -> forgot(r);
          default -> reset(r);
        };
    String body = post.body().replace("CSRF", URLEncoder.encode(csrf(post.csrf(), session, r), StandardCharsets.UTF_8));
    var request =
        HttpRequest.newBuilder(URI.create(env.uri(form.action()) + post.pathSuffix()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", post.contentType())
            .header("Cookie", session.cookie())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1)))
            .build();
    var response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new BadInput.Answer(Integer.toString(response.statusCode()), judge(form, response, post));
  }

  private static String judge(Form form, HttpResponse<String> response, Post post) {
    int status = response.statusCode();
    String what = " (" + post.defects() + ": " + BadInput.abbreviate(post.body()) + ")";
    if (status >= 500) {
      return "status " + status + what;
    }
    if (status >= 400) {
      return response.body().isBlank() ? "status " + status + " without a message" + what : null;
    }
    if (status == 200) {
      return response.body().contains("flash-error") ? null : "200 without an error message" + what;
    }
    if (status == 302 || status == 303) {
      String location = response.headers().firstValue("Location").orElse("");
      if (form.failureRedirect() != null
          && location.replaceFirst("^https?://[^/]+", "").equals(form.failureRedirect())) {
        return null;
      }
      return "redirect to " + location + " (as after success)" + what;
    }
    return "status " + status + what;
  }

  /** The CSRF token as the post carries it: the session's, or a defect. */
  private static String csrf(String kind, Session session, SplittableRandom r) {
    return switch (kind) {
      case "wrong" -> session.csrf().substring(0, session.csrf().length() - 4) + "AAAA";
      case "garbage" -> BadInput.pick(r, "", "x", "%", "null", "\u0000", "é".repeat(50));
      default -> session.csrf();
    };
  }

  /**
   * A body with the placeholder {@code CSRF} for the token (absent when {@code csrf} is "none"),
   * and the defects it has.
   */
  record Post(String body, String contentType, String csrf, String pathSuffix, String defects) {}

  private static final class Builder {
    final Map<String, String> fields = new LinkedHashMap<>();
    final List<String> defects = new ArrayList<>();
    String contentType = "application/x-www-form-urlencoded";
    String csrf = "ok";
    String pathSuffix = "";
    String raw;

    Builder field(String name, String plain) {
      fields.put(name, enc(plain));
      return this;
    }

    Post build() {
      String body;
      if (raw != null) {
        body = raw;
      } else {
        var out = new StringBuilder(csrf.equals("none") ? "" : "_csrf=CSRF");
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(v));
        body = out.toString();
      }
      return new Post(body, contentType, csrf, pathSuffix, String.join("+", defects));
    }
  }

  /** Defects any form can have: the token, the encoding, the body as a whole. */
  private static boolean commonDefect(Builder form, SplittableRandom r) {
    switch (r.nextInt(12)) {
      case 0 -> {
        form.csrf = BadInput.pick(r, "none", "wrong", "garbage");
        form.defects.add("csrf " + form.csrf);
      }
      case 1 -> {
        // invalid UTF-8 in a value: Tomcat refuses the parameters
        String name = List.copyOf(form.fields.keySet()).get(r.nextInt(form.fields.size()));
        form.fields.merge(name, BadInput.pick(r, "%FF", "%C3%28", "%ED%A0%80", "%C0%AF", "%E2%82", "%F8%88%80%80%80"),
            String::concat);
        form.defects.add("invalid UTF-8 in " + name);
      }
      case 2 -> {
        String name = List.copyOf(form.fields.keySet()).get(r.nextInt(form.fields.size()));
        form.fields.merge(name, BadInput.pick(r, "%", "%G1", "%2", "%%"), String::concat);
        form.defects.add("broken escape in " + name);
      }
      case 3 -> {
        form.contentType = BadInput.pick(r, "application/json", "text/plain", "multipart/form-data; boundary=x");
        form.raw = "{\"_csrf\":\"CSRF\",\"username\":\"fz\",\"password\":\"pw\"}";
        form.defects.add("body as " + form.contentType);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  static Post signup(SplittableRandom r, String takenName) {
    var form = new Builder()
        .field("username", "fz-" + letters(r, 4 + r.nextInt(12)))
        .field("password", "pw-" + letters(r, 8 + r.nextInt(20)))
        .field("email", r.nextBoolean() ? "" : "fz" + r.nextInt(1000) + "@example.com")
        .field("old_enough", "on")
        .field("terms_read", "on");
    if (!commonDefect(form, r)) {
      switch (r.nextInt(8)) {
        case 0 -> {
          form.fields.remove(BadInput.pick(r, "old_enough", "terms_read"));
          form.defects.add("a required checkbox unticked");
        }
        case 1 -> {
          form.field("username", BadInput.pick(r, "", " ", "  \t", " lead", "trail ", "x".repeat(65 + r.nextInt(3000)),
              "é".repeat(65), "a/b", "a#b", "a%b", "a?b", "a&b", "a=b", "a+b", "a\u0000b", "a\u0001b", "a\u001Fb",
              "a\u007Fb",
              "a\u0085b", "a\nb", "a\rb"));
          form.defects.add("invalid username");
        }
        case 2 -> {
          form.field("username", r.nextBoolean() ? takenName : takenName.toUpperCase(java.util.Locale.ROOT));
          form.defects.add("username taken");
        }
        case 3 -> {
          form.field("password",
              BadInput.pick(r, "", "short", "1234567", "ééééééé", "\u0000\u0000", "x".repeat(1025 + r.nextInt(4000))));
          form.defects.add("invalid password");
        }
        case 4 -> {
          form.field("email", BadInput.pick(r, "no-at-sign", "a@", "@example.com", "a@@example.com", "a b@example.com",
              "a@example.com\r\nBcc: x@example.com", "a\u0000@example.com", "x@" + "e".repeat(260) + ".com", "a@b@c",
              "\"unclosed@example.com"));
          form.defects.add("invalid e-mail");
        }
        case 5 -> {
          // repeated parameters are joined with a comma by the binding: one invalid part spoils the name
          form.fields.put("username",
              form.fields.get("username") + "&username=" + enc(BadInput.pick(r, "a/b", "x#", "x".repeat(70))));
          form.defects.add("repeated username");
        }
        case 6 -> {
          form.fields.clear();
          form.defects.add("no fields");
        }
        default -> {
          form.fields.remove("username");
          form.fields.remove("password");
          form.defects.add("no username or password");
        }
      }
    }
    return form.build();
  }

  static Post login(SplittableRandom r, String existingName) {
    // the generated users have no password: no log-in can succeed
    var form = new Builder()
        .field("username", r.nextInt(4) == 0 ? existingName : "fz-" + letters(r, 4 + r.nextInt(12)))
        .field("password", "pw-" + letters(r, 8 + r.nextInt(20)));
    if (!commonDefect(form, r)) {
      switch (r.nextInt(5)) {
        case 0 -> form.field("username",
            BadInput.pick(r, "", "\u0000", "a\u0000b", "x".repeat(300 + r.nextInt(5000)), "' or '1'='1"));
        case 1 -> form.field("password", BadInput.pick(r, "", "\u0000", "x".repeat(1025 + r.nextInt(5000))));
        case 2 -> form.fields.remove(BadInput.pick(r, "username", "password"));
        case 3 -> form.field("remember-me", BadInput.pick(r, "on", "yes", "\u0000", "x".repeat(500)));
        default -> form.field("username", "x".repeat(3) + "\r\n" + "y");
      }
      form.defects.add("wrong log-in");
    }
    return form.build();
  }

  static Post forgot(SplittableRandom r) {
    var form = new Builder().field("username", "fz-" + letters(r, 4 + r.nextInt(12)));
    if (!commonDefect(form, r)) {
      switch (r.nextInt(4)) {
        case 0 ->
          form.field("username", BadInput.pick(r, "", " ", "\u0000", "a\u0000b", "x".repeat(255 + r.nextInt(5000))));
        case 1 -> form.fields.clear();
        case 2 -> form.field("username", "nobody@" + letters(r, 8) + ".example");
        default -> form.field("username", "' or 1=1 --");
      }
      form.defects.add("unknown or malformed account");
    }
    return form.build();
  }

  static Post reset(SplittableRandom r) {
    var form = new Builder().field("password", "pw-" + letters(r, 8 + r.nextInt(20)));
    // no reset link was ever mailed: every token is unknown, and some are malformed
    form.pathSuffix =
        BadInput.pick(r, letters(r, 43), "x".repeat(101 + r.nextInt(2000)), "%00", "%FF%FE", "a%2Fb", "..%2F..",
            "%C3%28", "e".repeat(43) + "%20");
    form.defects.add("unknown token");
    if (!commonDefect(form, r) && r.nextBoolean()) {
      form.field("password", BadInput.pick(r, "", "short", "x".repeat(1025 + r.nextInt(3000))));
      form.defects.add("invalid password");
    }
    return form.build();
  }

  private static String letters(SplittableRandom r, int length) {
    var out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + r.nextInt(26)));
    }
    return out.toString();
  }

  private static String enc(String plain) {
    return URLEncoder.encode(plain, StandardCharsets.UTF_8);
  }
}
