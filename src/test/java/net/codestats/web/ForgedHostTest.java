package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import net.codestats.account.Accounts;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Redirects name no host, so a forged {@code Host} header (cache poisoning, password-reset
 * style tricks) never ends up in a {@code Location}; after a log-in the user lands on the page
 * that asked for it, with no {@code ?continue} added.
 */
@IntegrationTest
class ForgedHostTest {

  static final String PASSWORD = "correct horse battery";
  static final String EVIL = "Host: evil.example";

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void anonymousRedirectsArePaths() {
    var protectedPage = get("/my/machines", null);
    assertThat(protectedPage.status()).isEqualTo(302);
    assertThat(protectedPage.header("Location")).isEqualTo("/login");

    var user = accounts.create(TestUsers.uniqueName("Hosted"), PASSWORD, null);
    var wrongCase = get("/users/" + user.username().toLowerCase(), null);
    assertThat(wrongCase.status()).isEqualTo(302);
    assertThat(wrongCase.header("Location")).isEqualTo("/users/" + user.username());
  }

  @Test
  void logInAndItsFailureAndLogOutRedirectToPaths() {
    String name = TestUsers.uniqueName("hosted");
    accounts.create(name, PASSWORD, null);
    var web = new WebSession(port);
    String token = web.csrfToken("/login");
    String csrfCookie = "XSRF-TOKEN=" + web.cookie("XSRF-TOKEN").orElseThrow().getValue();

    var wrong = post("/login", csrfCookie, Map.of("username", name, "password", "wrong", "_csrf", token));
    assertThat(wrong.status()).isEqualTo(302);
    assertThat(wrong.header("Location")).isEqualTo("/login");

    // the page that needed the log-in is remembered, and the user is sent back to it by path
    var asked = get("/my/machines?tab=new", null);
    String savedPage = asked.cookies().stream().filter(c -> c.contains("REDIRECT_URI=")).findFirst().orElseThrow();
    String savedCookie = savedPage.substring(savedPage.indexOf("REDIRECT_URI="), savedPage.indexOf(';'));
    var login =
        post("/login", csrfCookie + "; " + savedCookie, Map.of("username", name, "password", PASSWORD, "_csrf", token));
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Location")).isEqualTo("/my/machines?tab=new");

    String session = login.cookies().stream().filter(c -> c.contains("JSESSIONID=")).findFirst().orElseThrow();
    String sessionCookie = session.substring(session.indexOf("JSESSIONID="), session.indexOf(';'));
    assertThat(get("/login", sessionCookie).header("Location")).isEqualTo("/my/profile");
    assertThat(get("/my/profile", sessionCookie).header("Location")).isEqualTo("/users/" + name);

    String freshToken = csrfOf(get("/my/preferences", sessionCookie + "; " + csrfCookie).body());
    var logout = post("/logout", sessionCookie + "; " + csrfCookie, Map.of("_csrf", freshToken));
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.header("Location")).isEqualTo("/");
  }

  @Test
  void afterLogInTheUrlIsThePageAskedFor() {
    String name = TestUsers.uniqueName("continued");
    accounts.create(name, PASSWORD, null);
    var web = new WebSession(port);
    assertThat(web.get("/my/machines").headers().firstValue("Location")).contains("/login");
    var login = web.login(name, PASSWORD);
    assertThat(login.headers().firstValue("Location")).contains("/my/machines");
    assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("continue");
    assertThat(web.get("/my/machines").statusCode()).isEqualTo(200);
  }

  private RawHttp.Answer get(String path, String cookies) {
    return RawHttp.send(port, "GET " + path + " HTTP/1.1\r\n" + EVIL + "\r\nAccept: text/html" + cookieLine(cookies),
        null);
  }

  private RawHttp.Answer post(String path, String cookies, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return RawHttp.send(
        port,
        "POST " + path + " HTTP/1.1\r\n" + EVIL
            + "\r\nAccept: text/html\r\nContent-Type: application/x-www-form-urlencoded"
            + cookieLine(cookies),
        body);
  }

  private static String cookieLine(String cookies) {
    return cookies == null ? "" : "\r\nCookie: " + cookies;
  }

  private static String csrfOf(String html) {
    var input = org.jsoup.Jsoup.parse(html).selectFirst("form[action=/logout] input[name=_csrf]");
    assertThat(input).isNotNull();
    return input.attr("value");
  }
}
