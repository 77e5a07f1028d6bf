package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.avatar.AvatarsTestAccess;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.system.CodeStatsProperties;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class SitePagesTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  @Autowired CodeStatsProperties properties;

  @Test
  void staticPagesHaveTheirTitlesAndTheLayout() {
    var web = new WebSession(port);
    Map<String, String> titles =
        Map.of(
            "/plugins", "Plugins",
            "/api-docs", "API docs",
            "/tos", "Terms of service",
            "/changes", "Changes",
            "/support", "Support",
            "/aliases", "Languages and aliases",
            "/login", "Log in",
            "/signup", "Sign up",
            "/forgot-password", "Forgot password");
    titles.forEach(
        (path, title) -> {
          Document page = web.page(path);
          assertThat(page.title()).as(path).isEqualTo(title + " – Code::Stats");
          assertThat(page.select("footer a").eachText()).as(path).contains("Plugins", "API docs", "Legal");
          assertThat(page.select("footer").text()).as(path).containsPattern("Code::Stats \\S+");
          assertThat(page.select("nav").text()).as(path).contains("Log in", "Sign up");
          assertThat(page.select("meta[name=viewport]").attr("content")).contains("width=device-width");
          assertThat(page.select("script:not([src])")).as("no inline scripts on " + path).isEmpty();
        });
  }

  @Test
  void apiDocsUseThisServersAddress() {
    var web = new WebSession(port);
    String base = properties.publicUrl().toString().replaceAll("/$", "");
    Document docs = web.page("/api-docs");
    assertThat(docs.select("#curl-example").text())
        .contains("curl -i -X POST " + base + "/api/my/pulses", "X-API-Token", "Content-Type: application/json");
    assertThat(docs.select("#caps").text()).contains("64 KiB", "100,000", "255 characters");
    assertThat(docs.text()).contains("Invalid xps format.", "Great success!", "User not found or private.");
  }

  @Test
  void apiDocsHaveContentsTheMeaningOfOneXpAndExamplesOfAUserThatIsHere() {
    var anonymous = new WebSession(port);
    Document docs = anonymous.page("/api-docs");
    assertThat(docs.select("#contents a").eachAttr("href")).contains("#basics", "#terms", "#auth", "#pulses", "#users",
        "#graphql");
    for (String target : docs.select("#contents a").eachAttr("href")) {
      assertThat(docs.select(target)).as(target).isNotEmpty();
    }
    assertThat(docs.select("#xp").text()).isEqualTo("What is one XP?");
    assertThat(docs.select("#xp + p").text()).contains("One XP is one keystroke that adds or removes a character");
    assertThat(docs.text()).doesNotContain("Nicd");
    assertThat(docs.select("#profile-json-example").attr("href")).endsWith("/api/users/demo");
    assertThat(docs.select("#graphql-example").text()).contains("profile(username: \\\"demo\\\")");
    assertThat(docs.select("#caps").text()).contains("New languages 100 per user in any 24 hours");
    assertThat(docs.text()).contains("Too many new languages: at most 100 new languages per user in 24 hours.");

    String name = TestUsers.uniqueName("Docs Reader");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    web.login(name, "correct horse battery");
    Document own = web.page("/api-docs");
    assertThat(own.select("#profile-json-example").attr("href")).endsWith("/api/users/" + name.replace(" ", "%20"));
    assertThat(own.select("#graphql-example").text()).contains("profile(username: \\\"" + name + "\\\")");
    assertThat(new Http(port).get(own.select("#profile-json-example").attr("href").replaceFirst("^https?://[^/]+", ""))
        .statusCode())
        .isEqualTo(200);
  }

  @Test
  void supportAndTermsSayThatNoOperatorIsNamedWhenNoneIsSet() {
    var web = new WebSession(port);
    for (String path : List.of("/support", "/tos")) {
      String operator = web.page(path).select("p.operator").text();
      assertThat(operator).as(path).contains("The operator of this server has not given their name.",
          "No contact address is given");
    }
  }

  @Test
  void changesLinkTheSourceAndNameLicenceAndContributors() {
    Document changes = new WebSession(port).page("/changes");
    assertThat(changes.select("#source-link").attr("href")).isEqualTo("https://gitlab.com/code-stats/code-stats");
    assertThat(changes.select("#source").text()).contains("Licence: BSD-3-Clause", "Mikko Ahlroth", "contributors");
  }

  @Test
  void everyPageLinksAnIconThatIsServed() {
    var web = new WebSession(port);
    Document page = web.page("/support");
    assertThat(page.select("link[rel=icon]").eachAttr("href")).containsExactly("/favicon.ico", "/favicon.svg");
    var ico = web.sendForBytes(HttpRequest.newBuilder(web.uri("/favicon.ico")).build());
    assertThat(ico.statusCode()).isEqualTo(200);
    assertThat(ico.body()).startsWith(0, 0, 1, 0); // an icon resource
    var svg = web.get("/favicon.svg");
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
  }

  @Test
  void tosShowsTheCurrentTerms() {
    Document page = new WebSession(port).page("/tos");
    assertThat(page.select("#terms p").size()).isGreaterThan(3);
    assertThat(page.text()).contains("2026-11-01");
  }

  @Test
  void errorsAreHtmlForBrowsersAndJsonForApiClients() {
    var web = new WebSession(port);
    var html = web.get("/no/such/page");
    assertThat(html.statusCode()).isEqualTo(404);
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(html.body()).contains("Page not found – Code::Stats", "site.css");

    var api = web.send(HttpRequest.newBuilder(web.uri("/api/no/such")).header("Accept", "text/html").build());
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(api.body()).isEqualTo("{\"error\":\"Not found.\"}");

    var curl = web.send(HttpRequest.newBuilder(web.uri("/no/such/page")).header("Accept", "*/*").build());
    assertThat(curl.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");

    var error = web.get("/error");
    assertThat(error.statusCode()).isNotEqualTo(302);
    assertThat(error.body()).contains("– Code::Stats");
  }

  @Test
  void securityHeadersAreSetOnPages() {
    var response = new WebSession(port).get("/login");
    var headers = response.headers();
    assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
  }

  @Test
  void myProfileRedirectsToOwnProfile() {
    String name = TestUsers.uniqueName("Redirect Me");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    web.login(name, "correct horse battery");
    var response = web.get("/my/profile");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/users/" + name.replace(' ', '+'));
  }

  @Test
  void avatarsNeverRevealTheGravatarHashAndPrivateOnesAreHidden() {
    String name = TestUsers.uniqueName("avatar");
    var user = accounts.create(name, "correct horse battery", null);
    accounts.updateDetails(user.id(), false, "face@example.com");
    var web = new WebSession(port);
    var avatar = web.sendForBytes(HttpRequest.newBuilder(web.uri("/avatar/" + name)).build());
    assertThat(avatar.statusCode()).isEqualTo(200);
    assertThat(avatar.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/");
    String hash = AvatarsTestAccess.gravatarHash("face@example.com");
    assertThat(new String(avatar.body(), StandardCharsets.UTF_8)).doesNotContain(hash);

    web.login(name, "correct horse battery");
    String preferences = web.get("/my/preferences").body();
    assertThat(preferences).contains("/avatar/" + name).doesNotContain(hash).doesNotContain("gravatar.com");

    accounts.setPrivateProfile(user.id(), true);
    var anonymous = new WebSession(port);
    assertThat(anonymous.get("/avatar/" + name).statusCode()).isEqualTo(404);
    assertThat(web.sendForBytes(HttpRequest.newBuilder(web.uri("/avatar/" + name)).build()).statusCode())
        .isEqualTo(200);
  }
}
