package net.codestats.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A log-in as the data set's heavy user through the site's own form, for reads as the
 * signed-in owner. The generated users have no password: the heavy user is given one first
 * (a cheap bcrypt hash, as accounts imported from the original service have) and the current
 * terms as accepted, or every page would send them to the consent form.
 */
final class OwnerLogin {

  static final String PASSWORD = "bench-heavy-password";

  private OwnerLogin() {}

  /** The session cookie ({@code JSESSIONID=...}) of a fresh log-in as the heavy user. */
  static String sessionCookie(BenchEnvironment env, Dataset dataset) throws Exception {
    try (var dataSource = env.dataSource(1)) {
      JdbcClient.create(dataSource)
          .sql("update users set password_hash = ?, terms_accepted = current_date where id = ?")
          .params("{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD), dataset.heavyUserId())
          .update();
    }
    HttpClient client = HttpLoad.newClient();
    var form = BadForms.begin(client, env.uri("/login"));
    String body = "_csrf=" + URLEncoder.encode(form.csrf(), StandardCharsets.UTF_8) + "&username="
        + URLEncoder.encode(dataset.heavyUser(), StandardCharsets.UTF_8) + "&password=" + PASSWORD;
    var login = client.send(HttpRequest.newBuilder(env.uri("/login"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", form.cookie())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.discarding());
    String cookie = login.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID=") || c.startsWith("SESSION="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("log-in as " + dataset.heavyUser() + " answered "
            + login.statusCode() + " " + login.headers().firstValue("Location").orElse("") + " without a session"));
    // the owner's page carries a channel token for its live updates; a visitor's does not
    var own = client.send(HttpRequest.newBuilder(env.uri("/users/" + dataset.heavyUser()))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (own.statusCode() != 200 || !own.body().contains("name=\"channel_token\"")) {
      throw new IllegalStateException("the heavy user's own page, signed in, answered " + own.statusCode()
          + " without the owner's channel token");
    }
    return cookie;
  }
}
