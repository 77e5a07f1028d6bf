package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.socket.ChannelTokens;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The server-rendered profile page: header, panels, zero-XP states, privacy, redirects. */
@IntegrationTest
class ProfilePageTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ChannelTokens tokens;
  @Autowired WebApplicationContext context;

  Http http;
  TestUsers users;
  MockMvc mvc;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
  }

  private void pulse(String token, Instant at, ZoneOffset offset, String xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, offset));
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").statusCode())
        .isEqualTo(201);
  }

  @Test
  void showsLevelsLanguagesMachinesAndRecentXp() {
    var coder = users.userWithMachine("page");
    Instant old = Instant.now().minus(2, ChronoUnit.DAYS);
    pulse(coder.token(), old, ZoneOffset.ofHours(-5),
        "[{\"language\":\"Java\",\"xp\":100000},{\"language\":\"Java\",\"xp\":100000},{\"language\":\"Java\",\"xp\":30000}]");
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.ofHours(-5),
        "[{\"language\":\"Java\",\"xp\":1210},{\"language\":\"Python\",\"xp\":1024}]");

    var page = http.get("/users/" + coder.user().username());
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html).contains("<title>" + coder.user().username() + " – Code::Stats</title>");
    assertThat(html).contains("Level 12 (232,234 XP) (+2,234)");
    assertThat(html).contains("Java level 12 (231,210 XP) (+1,210)");
    assertThat(html).contains("Python level 0 (1,024 XP) (+1,024)");
    assertThat(html).contains("laptop level 12 (232,234 XP) (+2,234)");
    assertThat(html).contains("User since ");
    assertThat(html).contains("Last programmed on");
    assertThat(html).doesNotContain("hasn't written anything yet");
    assertThat(html).doesNotContain("channel_token");
    // the day-of-year table has 12 months × 31 cells
    assertThat(html.split("data-day=\"", -1).length - 1).isEqualTo(12 * 31);
    // the avatar comes through the server's proxy
    assertThat(html).contains("<img class=\"avatar\" src=\"/avatar/" + coder.user().username() + "\"");
    var avatar = http.get("/avatar/" + coder.user().username());
    assertThat(avatar.statusCode()).isEqualTo(200);
    assertThat(avatar.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("image/"));
  }

  @Test
  void visitorsGetThePageRenderedOnceUntilTheNextPulseWithTheirOwnServerTiming() throws Exception {
    var coder = users.userWithMachine("visited");
    String path = "/users/" + coder.user().username();
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":1500}]");
    var first = http.get(path);
    var second = http.get(path);
    for (var page : List.of(first, second)) {
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
      assertThat(page.body()).contains("Java level 0 (1,500 XP) (+1,500)").doesNotContain("Rendered in");
      assertThat(page.headers().firstValue("Server-Timing"))
          .hasValueSatisfying(timing -> assertThat(timing).matches("app;dur=[0-9]+\\.[0-9]"));
      assertThat(page.body().strip()).endsWith("</html>");
    }
    // the very same bytes: the time is the header's
    assertThat(first.body()).isEqualTo(second.body());

    pulse(coder.token(), Instant.now().minus(30, ChronoUnit.MINUTES), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":1000}]");
    assertThat(http.get(path).body()).contains("Java level 1 (2,500 XP) (+2,500)");

    // a logged-in viewer who is not the owner sees their own navigation, not the visitors' page
    var other = users.user("viewer");
    String viewed =
        mvc.perform(get(path).with(user(other.username()))).andReturn().getResponse().getContentAsString();
    assertThat(viewed).contains("Java level 1 (2,500 XP) (+2,500)").contains("Log out").doesNotContain("Sign up");
  }

  @Test
  void browsersGetTheVisitorsPageGzippedOnceAndOthersPlain() throws Exception {
    var coder = users.userWithMachine("gzipped");
    String path = "/users/" + coder.user().username();
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":1500}]");
    var plain = http.get(path);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept-Encoding"));

    var browser = http.request(path).header("Accept-Encoding", "gzip, deflate, br, zstd").GET().build();
    var first = http.sendForBytes(browser);
    var second = http.sendForBytes(browser);
    for (var gzipped : List.of(first, second)) {
      assertThat(gzipped.statusCode()).isEqualTo(200);
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gzipped.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept-Encoding"));
      assertThat(gzipped.headers().firstValueAsLong("Content-Length")).hasValue(gzipped.body().length);
      assertThat(gzipped.body().length).isLessThan(plain.body().length() / 3);
      assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
    }
    assertThat(second.body()).isEqualTo(first.body());

    // q=0 refuses gzip: plain bytes
    var refused = http.get(path, "Accept-Encoding", "gzip;q=0, br");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(refused.body()).isEqualTo(plain.body());

    // the next pulse is in the next gzipped page too
    pulse(coder.token(), Instant.now().minus(30, ChronoUnit.MINUTES), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":1000}]");
    assertThat(gunzip(http.sendForBytes(browser).body())).contains("Java level 1 (2,500 XP) (+2,500)");
  }

  private static String gunzip(byte[] gzipped) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void zeroXpVisitorsSeeAMessageOwnersSeeHowToStart() throws Exception {
    var fresh = users.user("zero");
    String anonymous = http.get("/users/" + fresh.username()).body();
    assertThat(anonymous).contains("It looks like this user hasn't written anything yet.");
    assertThat(anonymous).doesNotContain("How to start");
    assertThat(anonymous).contains("Level 0 (0 XP)");
    assertThat(anonymous).contains("<em>never</em>");

    String owner =
        mvc.perform(get("/users/" + fresh.username()).with(user(fresh.username())))
            .andReturn().getResponse().getContentAsString();
    assertThat(owner).contains("How to start").contains("/my/machines").contains("/plugins");
    assertThat(owner).doesNotContain("hasn't written anything yet");
  }

  @Test
  void privateProfileIsNotFoundForOthersAndShownToItsOwnerWithAChannelToken() throws Exception {
    var hidden = users.userWithMachine("hiddenpage");
    accounts.setPrivateProfile(hidden.user().id(), true);
    String path = "/users/" + hidden.user().username();

    assertThat(http.get(path).statusCode()).isEqualTo(404);
    assertThat(mvc.perform(get(path).with(user("someone-else"))).andReturn().getResponse().getStatus())
        .isEqualTo(404);

    // the token is bound to a real logged-in session
    var owner = new WebSession(port);
    owner.login(hidden.user().username(), "correct horse battery");
    var response = owner.get(path);
    assertThat(response.statusCode()).isEqualTo(200);
    String html = response.body();
    var token = html.replaceAll("(?s).*<meta name=\"channel_token\" content=\"([^\"]+)\">.*", "$1");
    assertThat(token).isNotEqualTo(html);
    assertThat(tokens.verify(token)).contains(hidden.user().id());
  }

  @Test
  void theOwnersPageIsRenderedOnceWithEachRequestsOwnTokens() {
    var coder = users.userWithMachine("ownpage");
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":10},{\"language\":\"Kotlin\",\"xp\":7}]");
    String path = "/users/" + coder.user().username();
    var owner = new WebSession(port);
    owner.login(coder.user().username(), "correct horse battery");

    var first = owner.page(path);
    var second = owner.page(path);
    // the same page but for the tokens: the forms' (masked afresh per request) and the socket's
    List<String> csrf = first.select("input[name=_csrf]").eachAttr("value");
    assertThat(csrf).hasSizeGreaterThanOrEqualTo(2).allSatisfy(token -> assertThat(token).isEqualTo(csrf.get(0)));
    String secondCsrf = second.selectFirst("input[name=_csrf]").attr("value");
    assertThat(secondCsrf).isNotEqualTo(csrf.get(0));
    String channel = first.selectFirst("meta[name=channel_token]").attr("content");
    assertThat(tokens.verify(channel)).contains(coder.user().id());
    assertThat(tokens.verify(second.selectFirst("meta[name=channel_token]").attr("content")))
        .contains(coder.user().id());
    assertThat(first.select("#hide-language-name option").eachText()).containsExactly("Java", "Kotlin");
    assertThat(first.select("a[href=/admin]")).isEmpty();

    // the cached page's token is the session's: its form works, and the message after it is shown
    var hidden = owner.submit(path, "#hide-language", Map.of("language", "Kotlin"));
    assertThat(hidden.statusCode()).isEqualTo(302);
    var after = owner.page(path);
    assertThat(after.select(".flash-success").text()).contains("Kotlin is hidden from your public profile.");
    assertThat(after.select("#hidden-languages .hidden-language").eachText()).containsExactly("Kotlin");
    // and the next view, from the page cached again for the new snapshot, keeps the change
    var again = owner.page(path);
    assertThat(again.select(".flash-success")).isEmpty();
    assertThat(again.select("#hidden-languages .hidden-language").eachText()).containsExactly("Kotlin");
    assertThat(tokens.verify(again.selectFirst("meta[name=channel_token]").attr("content")))
        .contains(coder.user().id());
  }

  @Test
  void browsersGetTheOwnersPageGzippedWithTheRequestsOwnTokens() throws IOException {
    var coder = users.userWithMachine("owngzip");
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":10},{\"language\":\"Kotlin\",\"xp\":7}]");
    String path = "/users/" + coder.user().username();
    var owner = new WebSession(port);
    owner.login(coder.user().username(), "correct horse battery");
    String plain = owner.get(path).body();

    var browser = HttpRequest.newBuilder(owner.uri(path)).header("Accept-Encoding", "gzip, deflate, br, zstd").build();
    var first = owner.sendForBytes(browser);
    var second = owner.sendForBytes(browser);
    List<String> csrfTokens = new ArrayList<>();
    for (var gzipped : List.of(first, second)) {
      assertThat(gzipped.statusCode()).isEqualTo(200);
      assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gzipped.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept-Encoding"));
      assertThat(gzipped.headers().firstValueAsLong("Content-Length")).hasValue(gzipped.body().length);
      assertThat(gzipped.body().length).isLessThan(plain.length() / 3);
      String html = gunzip(gzipped.body());
      var page = Jsoup.parse(html);
      String csrf = page.selectFirst("input[name=_csrf]").attr("value");
      String channel = page.selectFirst("meta[name=channel_token]").attr("content");
      assertThat(tokens.verify(channel)).contains(coder.user().id());
      csrfTokens.add(csrf);
      // the same page as the plain one but for the tokens
      assertThat(withoutTokens(html)).isEqualTo(withoutTokens(plain));
      assertThat(page.select("#hide-language-name option").eachText()).containsExactly("Java", "Kotlin");
    }
    assertThat(csrfTokens.get(1)).isNotEqualTo(csrfTokens.get(0));
    // the gzipped page's token is the session's: its form works
    var form = HttpRequest.newBuilder(owner.uri("/my/hidden-languages"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            WebSession.form(Map.of("_csrf", csrfTokens.get(1), "hidden", "true", "language", "Kotlin"))))
        .build();
    assertThat(owner.send(form).statusCode()).isEqualTo(302);
    // the page with the message is rendered for its request (plain), the next one gzipped again
    assertThat(owner.get(path).body()).contains("Kotlin is hidden from your public profile.");
    var next = owner.sendForBytes(browser);
    assertThat(next.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(Jsoup.parse(gunzip(next.body())).select("#hidden-languages .hidden-language").eachText())
        .containsExactly("Kotlin");
  }

  private static String withoutTokens(String html) {
    return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"")
        .replaceAll("name=\"channel_token\" content=\"[^\"]+\"", "name=\"channel_token\"");
  }

  @Test
  void aVisitorsReadHasTheSiteHeadersAndARememberedLogInAloneStillShowsTheOwnerTheirPrivateProfile()
      throws Exception {
    var hidden = users.userWithMachine("leanchain");
    accounts.setPrivateProfile(hidden.user().id(), true);
    String path = "/users/" + hidden.user().username();
    var loginPage = http.get("/login");

    // a visitor takes the lean chain: the same headers as a page of the site's chain, no cookie
    var visitor = http.get("/users/" + users.user("leanpublic").username());
    assertThat(visitor.statusCode()).isEqualTo(200);
    for (String header : List.of("Content-Security-Policy", "Referrer-Policy", "X-Frame-Options",
        "X-Content-Type-Options", "Cache-Control", "X-XSS-Protection")) {
      assertThat(visitor.headers().allValues(header)).as(header).isNotEmpty()
          .isEqualTo(loginPage.headers().allValues(header));
    }
    assertThat(visitor.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(http.get(path).statusCode()).isEqualTo(404);

    // only the remember-me cookie (the browser was closed): the site's chain logs the owner in
    var owner = new WebSession(port);
    owner.submit("/login", "#login-form",
        java.util.Map.of("username", hidden.user().username(), "password", "correct horse battery",
            "remember-me", "on"));
    owner.forgetCookie("JSESSIONID");
    var remembered = owner.get(path);
    assertThat(remembered.statusCode()).isEqualTo(200);
    assertThat(remembered.body()).contains("private-notice");
  }

  private String asUser(String path, String username) throws Exception {
    return mvc.perform(get(path).with(user(username))).andReturn().getResponse().getContentAsString();
  }

  @Test
  void leavesOutLanguagesWithoutXpAndShowsRank21OnBehindShowAllWithoutScript() {
    var coder = users.userWithMachine("manylangs");
    var xps = new StringBuilder("[{\"language\":\"Nothing\",\"xp\":0}");
    for (int i = 1; i <= 25; i++) {
      xps.append(",{\"language\":\"Lang").append(i).append("\",\"xp\":").append(1000 - i).append('}');
    }
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC, xps.append(']').toString());

    String html = http.get("/users/" + coder.user().username()).body();
    assertThat(html).contains("Lang1 level 0 (999 XP)").contains("Lang25 level 0 (975 XP)");
    assertThat(html).doesNotContain("Nothing level");
    assertThat(html).doesNotContain("\"name\":\"Nothing\"");
    // ranks 11 to 20 shown, 21 on inside a <details> that opens without JavaScript
    String others = html.substring(html.indexOf("id=\"other-languages\""), html.indexOf("id=\"more-languages\""));
    assertThat(others).contains("Lang11 level").contains("Lang20 level").doesNotContain("Lang21 level");
    String more = html.substring(html.indexOf("<details id=\"more-languages\""), html.indexOf("</details>"));
    assertThat(more).doesNotContain(" hidden").contains("<summary>").contains("Lang21 level").contains("Lang25 level");
    // script-only texts are hidden without it
    assertThat(html).contains("<noscript><link rel=\"stylesheet\" href=\"/css/noscript.css\"></noscript>");
    assertThat(http.get("/css/noscript.css").body()).contains(".needs-js { display: none !important; }");
    assertThat(html).containsPattern("<p id=\"live-status\" class=\"[^\"]*needs-js[^\"]*\"");
  }

  @Test
  void theDayOfYearTableHasDayNumbersValuesAsTextAndALegend() {
    var coder = users.userWithMachine("doytable");
    Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
    pulse(coder.token(), at, ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":1200}]");
    var day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    String label = day.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + day.getDayOfMonth();

    String html = http.get("/users/" + coder.user().username()).body();
    assertThat(html).contains("<th scope=\"col\" class=\"major\">30</th>")
        .contains("<th scope=\"col\" class=\"minor\">31</th>");
    assertThat(html)
        .containsPattern("data-label=\"" + label + "\"><span class=\"visually-hidden\">1,200 XP</span></td>");
    assertThat(html).contains("the busiest day is " + label + ": 1,200 XP.");
    assertThat(html).contains("no XP").contains("up to 300 XP").contains("up to 1,200 XP");
  }

  @Test
  void anEmptyMachinesPanelSaysSoAndOffersTheOwnerToAddOne() throws Exception {
    var coder = users.userWithMachine("nomachines");
    String path = "/users/" + coder.user().username();
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":10}]");
    // positive control: with an active machine the text is hidden
    assertThat(http.get(path).body()).contains("laptop level 0 (10 XP)")
        .containsPattern("<p id=\"no-machines\" class=\"muted\" hidden>");

    machines.setActive(coder.user().id(), coder.machineId(), false);
    String visitor = http.get(path).body();
    assertThat(visitor).doesNotContain("laptop level")
        .containsPattern("<p id=\"no-machines\" class=\"muted\">No machines yet.</p>");
    String owner = asUser(path, coder.user().username());
    assertThat(owner).containsPattern(
        "<p id=\"no-machines\" class=\"muted\">No machines yet.\\s*<a href=\"/my/machines\">Add a machine</a>");
    // the visitors' cached page stays without the owner's link
    assertThat(http.get(path).body()).doesNotContain("Add a machine");
    assertThat(asUser(path, users.user("machineviewer").username())).contains("No machines yet.")
        .doesNotContain("Add a machine");
  }

  @Test
  void theOwnerIsToldTheirProfileIsPrivateAndNobodyElseSeesIt() throws Exception {
    var coder = users.userWithMachine("privnotice");
    String path = "/users/" + coder.user().username();
    pulse(coder.token(), Instant.now().minus(1, ChronoUnit.HOURS), ZoneOffset.UTC,
        "[{\"language\":\"Java\",\"xp\":10}]");
    // public: neither the owner nor a visitor sees the notice (the snapshot is now cached)
    assertThat(asUser(path, coder.user().username())).contains("Java level 0 (10 XP)").doesNotContain("private-notice");
    assertThat(http.get(path).body()).doesNotContain("private-notice");

    accounts.setPrivateProfile(coder.user().id(), true);
    assertThat(asUser(path, coder.user().username()))
        .contains("<p id=\"private-notice\" class=\"notice\">Your profile is private: only you can see it")
        .contains("Java level 0 (10 XP)");
    assertThat(http.get(path).statusCode()).isEqualTo(404);
    assertThat(asUser(path, users.user("privviewer").username())).doesNotContain("private-notice")
        .doesNotContain("Java level");

    accounts.setPrivateProfile(coder.user().id(), false);
    assertThat(asUser(path, coder.user().username())).doesNotContain("private-notice");
  }

  @Test
  void wrongCaseRedirectsToTheStoredName() {
    var coder = users.user("CaseUser");
    var response = http.get("/users/" + coder.username().toLowerCase());
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/users/" + coder.username());
    assertThat(http.get("/users/no-such-user-" + System.nanoTime()).statusCode()).isEqualTo(404);
  }
}
