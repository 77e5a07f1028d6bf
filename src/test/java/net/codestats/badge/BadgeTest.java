package net.codestats.badge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguages;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.xp.LevelMaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code /users/{name}/badge.svg} and {@code card.svg} over HTTP, parsed as XML. */
@IntegrationTest
class BadgeTest {

  static final String HOSTILE_USER = "<b>\"Mal'ory\"";
  static final String HOSTILE_LANGUAGE = "<script>&amp;\"'שלום";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired HiddenLanguages hiddenLanguages;
  @Autowired MeterRegistry meters;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  void send(String token, String language, int xp) {
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    String json = "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":" + jsonString(language) + ",\"xp\":" + xp
        + "}]}";
    var response = http.postPulse(token, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String path(User user, String file) {
    return "/users/" + URLEncoder.encode(user.username(), StandardCharsets.UTF_8).replace("+", "%20") + "/" + file;
  }

  static Document parse(String svg) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document =
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element root = document.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(root.getAttribute("role")).isEqualTo("img");
    assertThat(root.getAttribute("aria-label")).isNotBlank();
    assertThat(root.getElementsByTagNameNS("*", "title").item(0).getTextContent())
        .isEqualTo(root.getAttribute("aria-label"));
    assertThat(root.getElementsByTagNameNS("*", "script").getLength()).isZero();
    assertThat(root.getElementsByTagNameNS("*", "foreignObject").getLength()).isZero();
    assertThat(svg).doesNotContain("href");
    return document;
  }

  static List<Element> elements(Document document, String name) {
    NodeList list = document.getElementsByTagNameNS("*", name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      elements.add((Element) list.item(i));
    }
    return elements;
  }

  static double number(Element element, String attribute) {
    return Double.parseDouble(element.getAttribute(attribute));
  }

  /** Each badge text fits its part: its measured length within the part, both in tenths of a pixel. */
  static void assertTextsFit(Document badge) {
    List<Element> rects = elements(badge, "rect").stream().filter(r -> r.hasAttribute("fill")
        && !r.getAttribute("fill").startsWith("url") && !r.getAttribute("fill").equals("#fff")).toList();
    assertThat(rects).hasSize(2);
    double labelWidth = number(rects.get(0), "width");
    double messageWidth = number(rects.get(1), "width");
    for (Element text : elements(badge, "text")) {
      double x = number(text, "x") / 10;
      double half = number(text, "textLength") / 20;
      boolean label = x < labelWidth;
      double from = label ? 0 : labelWidth;
      double to = label ? labelWidth : labelWidth + messageWidth;
      assertThat(x - half).as("text starts inside its part").isGreaterThanOrEqualTo(from + 4);
      assertThat(x + half).as("text ends inside its part").isLessThanOrEqualTo(to - 4);
    }
    assertThat(number(badge.getDocumentElement(), "width")).isEqualTo(labelWidth + messageWidth);
  }

  @Test
  void aBadgeShowsLevelAndXpWithHeadersForEmbedding() throws Exception {
    var coder = users.userWithMachine("Badge");
    send(coder.token(), "Java", 90_000);
    send(coder.token(), "Go", 10_000);

    var response = http.get(path(coder.user(), "badge.svg"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("image/svg+xml"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
    assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches("\"[^\"]+\""));
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; style-src 'unsafe-inline'");
    assertThat(response.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
    assertThat(response.headers().firstValue("X-Frame-Options")).isEmpty();
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();

    Document badge = parse(response.body());
    String message = "level " + LevelMaths.level(100_000) + " · 100k XP";
    assertThat(badge.getDocumentElement().getTextContent()).contains("Code::Stats").contains(message);
    assertThat(badge.getDocumentElement().getAttribute("aria-label"))
        .isEqualTo("Code::Stats: " + coder.user().username() + ", level 7, 100,000 XP");
    assertTextsFit(badge);

    var java = http.get(path(coder.user(), "badge.svg?language=jAVA"));
    assertThat(java.statusCode()).isEqualTo(200);
    assertThat(parse(java.body()).getDocumentElement().getTextContent()).contains("Java")
        .contains("level " + LevelMaths.level(90_000) + " · 90k XP");
  }

  @Test
  void everyStyleAndThemeIsWellFormedAndFits() throws Exception {
    var coder = users.userWithMachine("Styles");
    for (int i = 0; i < 12; i++) {
      send(coder.token(), "Language number " + i, 1000 * (i + 1));
    }
    for (String style : List.of("", "&style=flat", "&style=flat-square", "&style=for-the-badge",
        "&style=FLAT-SQUARE")) {
      for (String badgeOf : List.of("?x=1", "?language=language+number+3", "?label=My+XP",
          "?label=%D7%A9%D7%9C%D7%95%D7%9D")) {
        var response = http.get(path(coder.user(), "badge.svg" + badgeOf + style));
        assertThat(response.statusCode()).as(badgeOf + style).isEqualTo(200);
        Document badge = parse(response.body());
        assertTextsFit(badge);
        assertThat(number(badge.getDocumentElement(), "height")).isEqualTo(style.contains("for-the") ? 28 : 20);
      }
    }
    for (String theme : List.of("", "&theme=light", "&theme=dark", "&theme=auto")) {
      for (int languages : List.of(0, 1, 5, 10)) {
        var response = http.get(path(coder.user(), "card.svg?languages=" + languages + theme));
        assertThat(response.statusCode()).isEqualTo(200);
        Document card = parse(response.body());
        assertThat(number(card.getDocumentElement(), "height")).isEqualTo(CardSvg.height(languages));
        String style = elements(card, "style").getFirst().getTextContent();
        assertThat(style.contains("prefers-color-scheme: dark")).isEqualTo(theme.contains("auto"));
        String text = card.getDocumentElement().getTextContent();
        for (int i = 0; i < 12; i++) {
          // the twelve languages by XP, most first: numbers 11, 10, …
          assertThat(text.contains("Language number " + (11 - i) + "\u2069")).as("language " + (11 - i))
              .isEqualTo(i < languages);
        }
        for (Element element : elements(card, "text")) {
          double x = number(element, "x");
          double length = number(element, "textLength");
          boolean end = element.getAttribute("text-anchor").equals("end");
          assertThat(end ? x - length : x).isGreaterThanOrEqualTo(20);
          assertThat(end ? x : x + length).isLessThanOrEqualTo(CardSvg.WIDTH - 20);
        }
      }
    }
    assertThat(http.get(path(coder.user(), "card.svg")).body()).contains("Language number 7\u2069")
        .doesNotContain("Language number 6\u2069");
  }

  @Test
  void hostileNamesAndLanguagesAreEscapedAndIsolated() throws Exception {
    User user = accounts.create(TestUsers.uniqueName(HOSTILE_USER), "correct horse battery", null);
    String token = machines.create(user.id(), "laptop").token();
    send(token, HOSTILE_LANGUAGE, 500);

    for (String file : List.of("card.svg", "badge.svg?language=" + URLEncoder.encode(HOSTILE_LANGUAGE,
        StandardCharsets.UTF_8), "badge.svg?label=" + URLEncoder.encode("<i>&\"'", StandardCharsets.UTF_8))) {
      var response = http.get(path(user, file));
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.body()).doesNotContain("<script").doesNotContain("<b>").doesNotContain("<i>");
      Document svg = parse(response.body());
      String texts = elements(svg, "text").stream().map(Element::getTextContent).reduce("", String::concat);
      if (file.startsWith("card")) {
        assertThat(texts).contains("\u2068" + user.username() + "\u2069").contains("\u2068" + HOSTILE_LANGUAGE);
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).contains(user.username());
      } else if (file.contains("label")) {
        assertThat(texts).contains("\u2068<i>&\"'\u2069");
      } else {
        assertThat(texts).contains("\u2068" + HOSTILE_LANGUAGE + "\u2069");
      }
    }
  }

  /** A badge is a public path: a hidden language is not on the card, not in the totals, not a badge. */
  @Test
  void hiddenLanguagesAreLeftOutOfBadgesAndCards() throws Exception {
    var coder = users.userWithMachine("HiddenBadge");
    send(coder.token(), "Java", 90_000);
    send(coder.token(), "Secretlang", 10_000);
    // positive control: shown while not hidden
    assertThat(http.get(path(coder.user(), "card.svg")).body()).contains("Secretlang");
    assertThat(http.get(path(coder.user(), "badge.svg?language=Secretlang")).statusCode()).isEqualTo(200);
    String before = http.get(path(coder.user(), "badge.svg")).body();

    hiddenLanguages.setHidden(coder.user().id(), languages.lookUp("Secretlang").orElseThrow().countedId(), true);
    assertThat(http.get(path(coder.user(), "card.svg")).body()).doesNotContain("Secretlang").contains("Java");
    assertThat(http.get(path(coder.user(), "badge.svg?language=Secretlang")).statusCode()).isEqualTo(404);
    String after = http.get(path(coder.user(), "badge.svg")).body();
    assertThat(after).isNotEqualTo(before).contains("90k XP").contains("90,000 XP");
  }

  @Test
  void widthsGrowWithTheText() throws Exception {
    var coder = users.userWithMachine("Widths");
    send(coder.token(), "Java", 100);
    double previous = 0;
    for (String label : List.of("i", "iii", "MMM", "MMMMMMMMMMMMMMMMMMMM",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW")) {
      Document badge = parse(http.get(path(coder.user(), "badge.svg?label=" + label)).body());
      double width = number(badge.getDocumentElement(), "width");
      assertThat(width).as(label).isGreaterThan(previous);
      assertTextsFit(badge);
      previous = width;
    }
  }

  @Test
  void anUnchangedBadgeIsNotSentAgainAndANewPulseChangesIt() throws Exception {
    var coder = users.userWithMachine("Etag");
    send(coder.token(), "Java", 100);
    String path = path(coder.user(), "badge.svg");
    var first = http.get(path);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    var again = http.send(http.request(path).header("If-None-Match", etag).GET().build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(again.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
    var other = http.send(http.request(path).header("If-None-Match", "\"something-else\"").GET().build());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(http.get(path).body()).isEqualTo(first.body());

    send(coder.token(), "Java", 1900);
    var changed = http.send(http.request(path).header("If-None-Match", etag).GET().build());
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    assertThat(changed.body()).contains("level 1 · 2k XP");
    String card = http.get(path(coder.user(), "card.svg")).body();
    send(coder.token(), "Java", 1);
    assertThat(http.get(path(coder.user(), "card.svg")).body()).isNotEqualTo(card).contains("2,001 XP");
  }

  @Test
  void aRepeatedBadgeComesFromTheCacheUntilTheFiguresChange() {
    var coder = users.userWithMachine("Cached");
    send(coder.token(), "Java", 100);
    String path = path(coder.user(), "card.svg?theme=auto");
    http.get(path);
    double misses = gets("miss");
    double hits = gets("hit");
    for (int i = 0; i < 5; i++) {
      http.get(path);
    }
    assertThat(gets("hit") - hits).isGreaterThanOrEqualTo(5);
    assertThat(gets("miss")).isEqualTo(misses);
    send(coder.token(), "Java", 1);
    assertThat(http.get(path).body()).contains("101 XP");
    assertThat(gets("miss")).isGreaterThan(misses);
  }

  double gets(String result) {
    return meters.get("cache.gets").tag("cache", "badges").tag("result", result).functionCounter().count();
  }

  @Test
  void privateAndUnknownUsersGetTheSameGreyNotFound() throws Exception {
    var coder = users.userWithMachine("Hidden");
    send(coder.token(), "Java", 100);
    for (String file : List.of("badge.svg", "card.svg", "badge.svg?language=Java")) {
      assertThat(http.get(path(coder.user(), file)).statusCode()).as("public first").isEqualTo(200);
    }
    accounts.setPrivateProfile(coder.user().id(), true);
    for (String path : List.of(path(coder.user(), "badge.svg"), path(coder.user(), "card.svg?theme=dark"),
        path(coder.user(), "badge.svg?language=Java"), "/users/nobody-" + System.nanoTime() + "/badge.svg",
        "/users/nobody-" + System.nanoTime() + "/card.svg")) {
      var response = http.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("image/svg+xml"));
      assertThat(response.headers().firstValue("ETag")).isEmpty();
      Document svg = parse(response.body());
      assertThat(svg.getDocumentElement().getTextContent()).contains("not found").doesNotContain("Java");
      assertThat(response.body()).contains(BadgeSvg.GREY)
          .isEqualTo(new String(Badges.NOT_FOUND.body(), StandardCharsets.UTF_8));
    }
    accounts.setPrivateProfile(coder.user().id(), false);
    assertThat(http.get(path(coder.user(), "badge.svg")).statusCode()).isEqualTo(200);
  }

  @Test
  void aLanguageIsFoundByAnAliasOfIt() throws Exception {
    var coder = users.userWithMachine("Alias");
    String target = TestUsers.uniqueName("BadgeTarget");
    String alias = TestUsers.uniqueName("BadgeAlias");
    send(coder.token(), target, 2500);
    languages.makeAlias(alias, target);
    var response = http.get(path(coder.user(), "badge.svg?language=" + alias.toUpperCase()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(parse(response.body()).getDocumentElement().getTextContent()).contains(target)
        .contains("level 1 · 2.5k XP");
  }

  @Test
  void aLanguageTheUserNeverWroteIsNotFound() throws Exception {
    var coder = users.userWithMachine("NoLanguage");
    send(coder.token(), "Java", 100);
    for (String language : List.of("Cobol-" + System.nanoTime(), "Go")) {
      var response = http.get(path(coder.user(), "badge.svg?language=" + language));
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(parse(response.body()).getDocumentElement().getTextContent()).contains("no such language");
    }
  }

  @Test
  void badOptionsAreA400BadgeNeverA500() throws Exception {
    var coder = users.userWithMachine("BadOptions");
    send(coder.token(), "Java", 100);
    for (String query : List.of("badge.svg?style=plastic", "badge.svg?style=", "badge.svg?label=",
        "badge.svg?label=" + "x".repeat(41), "badge.svg?label=%01", "badge.svg?language=", "badge.svg?language=%00",
        "card.svg?languages=11", "card.svg?languages=-1", "card.svg?languages=five", "card.svg?languages=1e1",
        "card.svg?languages=99999999999", "card.svg?theme=blue", "card.svg?languages=5&languages=6")) {
      var response = http.get(path(coder.user(), query));
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      parse(response.body());
    }
    assertThat(http.get(path(coder.user(), "badge.svg?label=" + "x".repeat(40))).statusCode()).isEqualTo(200);
    assertThat(http.get(path(coder.user(), "card.svg?languages=10&unknown=1")).statusCode()).isEqualTo(200);
  }

  @Test
  void aNameInAnotherCaseIsRedirectedLikeTheProfilePage() {
    var coder = users.userWithMachine("MixedCase");
    send(coder.token(), "Java", 100);
    String upper = "/users/" + coder.user().username().toUpperCase() + "/badge.svg?style=flat-square&label=a%20b";
    var response = http.get(upper);
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValue("/users/" + coder.user().username() + "/badge.svg?style=flat-square&label=a%20b");
    assertThat(http.get("/users/" + coder.user().username().toUpperCase()).statusCode()).isEqualTo(302);
    assertThat(http.get("/users/" + coder.user().username().toUpperCase() + "/card.svg").headers()
        .firstValue("Location")).hasValue("/users/" + coder.user().username() + "/card.svg");
  }

}
