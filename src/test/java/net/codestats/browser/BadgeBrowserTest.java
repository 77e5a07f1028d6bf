package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import javax.xml.parsers.DocumentBuilderFactory;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Chromium;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;

/**
 * README badges and cards in a real browser: an {@code <img>} shows each at the size the SVG
 * declares, and the owner's snippets change their preview and text with the options.
 */
@IntegrationTest
class BadgeBrowserTest {

  private static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  ChromeDriver browser;
  WebDriverWait wait;
  Http http;
  TestUsers users;

  @BeforeEach
  void start() {
    browser = Chromium.startKeepingConsole();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private TestUsers.UserWithMachine coder(String prefix) {
    var coder = users.userWithMachine(prefix);
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    var response = http.postPulse(coder.token(), "{\"coded_at\":\"" + codedAt
        + "\",\"xps\":[{\"language\":\"Java\",\"xp\":54321},{\"language\":\"Kotlin\",\"xp\":1234},"
        + "{\"language\":\"Rust\",\"xp\":99}]}");
    assertThat(response.statusCode()).isEqualTo(201);
    return coder;
  }

  /** The width and height the SVG at {@code src} declares. */
  private int[] declaredSize(String src) throws Exception {
    var response = http.get(src.replace(url(""), ""));
    assertThat(response.statusCode()).as(src).isEqualTo(200);
    Element svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    return new int[] {Integer.parseInt(svg.getAttribute("width")), Integer.parseInt(svg.getAttribute("height"))};
  }

  private int[] naturalSize(WebElement image) {
    wait.until(b -> Boolean.TRUE.equals(
        browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", image)));
    List<?> size = (List<?>) browser.executeScript(
        "return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image);
    return new int[] {((Number) size.get(0)).intValue(), ((Number) size.get(1)).intValue()};
  }

  private void assertNoBrowserErrors() {
    List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(severe).as("console errors").isEmpty();
  }

  @Test
  void badgesAndCardsShowInAnImageAtTheirDeclaredSize() throws Exception {
    var coder = coder("BadgeImage");
    String base = "/users/" + coder.user().username();
    List<String> images = List.of(base + "/badge.svg", base + "/badge.svg?style=flat-square&language=kotlin",
        base + "/badge.svg?style=for-the-badge&label=Hello%20%D7%A9%D7%9C%D7%95%D7%9D", base + "/card.svg",
        base + "/card.svg?theme=dark&languages=2", base + "/card.svg?theme=auto&languages=10");
    browser.get(url("/"));
    for (int i = 0; i < images.size(); i++) {
      browser.executeScript("const img = document.createElement('img'); img.id = 'shown-' + arguments[0];"
          + "img.src = arguments[1]; img.style.display = 'block'; document.querySelector('main').prepend(img);", i,
          url(images.get(i)));
    }
    for (int i = 0; i < images.size(); i++) {
      WebElement image = browser.findElement(By.id("shown-" + i));
      assertThat(naturalSize(image)).as(images.get(i)).containsExactly(declaredSize(url(images.get(i))));
    }
    Chromium.saveScreenshot("badges-and-cards.png", browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theOwnerCopiesSnippetsWhosePreviewFollowsTheOptions() throws Exception {
    var coder = coder("BadgeSnippets");
    String name = coder.user().username();
    browser.get(url("/users/" + name));
    assertThat(browser.findElements(By.id("badge-snippets"))).as("not for visitors").isEmpty();

    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys(name);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(ExpectedConditions.urlContains("/users/"));
    assertThat(browser.findElement(By.id("badge-snippets")).isDisplayed()).as("on the owner's profile").isTrue();

    browser.get(url("/my/preferences#badges"));
    WebElement badge = browser.findElement(By.id("badge-preview"));
    assertThat(naturalSize(badge)).containsExactly(declaredSize(badge.getAttribute("src")));
    assertThat(browser.findElement(By.id("badge-markdown")).getAttribute("value"))
        .isEqualTo("[![Code::Stats](" + url("/users/" + name + "/badge.svg") + ")](" + url("/users/" + name) + ")");

    new Select(browser.findElement(By.id("badge-style"))).selectByValue("for-the-badge");
    browser.findElement(By.id("badge-language")).sendKeys("Kotlin");
    String expected = url("/users/" + name + "/badge.svg?language=Kotlin&style=for-the-badge");
    wait.until(b -> expected.equals(badge.getAttribute("src")));
    assertThat(naturalSize(badge)[1]).isEqualTo(28);
    assertThat(naturalSize(badge)).containsExactly(declaredSize(expected));
    assertThat(browser.findElement(By.id("badge-html")).getAttribute("value")).isEqualTo("<a href=\""
        + url("/users/" + name) + "\"><img src=\"" + expected.replace("&", "&amp;") + "\" alt=\"Code::Stats\"></a>");

    WebElement card = browser.findElement(By.id("card-preview"));
    WebElement count = browser.findElement(By.id("card-languages"));
    count.clear();
    count.sendKeys("2");
    new Select(browser.findElement(By.id("card-theme"))).selectByValue("dark");
    String expectedCard = url("/users/" + name + "/card.svg?languages=2&theme=dark");
    wait.until(b -> expectedCard.equals(card.getAttribute("src")));
    assertThat(naturalSize(card)).containsExactly(declaredSize(expectedCard));
    assertThat(browser.findElement(By.id("card-markdown")).getAttribute("value")).contains(expectedCard);
    Chromium.saveScreenshot("badge-snippets.png", browser.getScreenshotAs(OutputType.BYTES));
    assertNoBrowserErrors();

    // private: the snippets stay, the previews (404s) and their failed loads go
    accounts.setPrivateProfile(coder.user().id(), true);
    browser.navigate().refresh(); // the same address again would only move to the fragment
    assertThat(browser.findElement(By.id("badge-private")).isDisplayed()).isTrue();
    assertThat(browser.findElements(By.cssSelector("#badge-preview, #card-preview"))).isEmpty();
    assertThat(browser.findElement(By.id("badge-markdown")).getAttribute("value")).contains("/badge.svg");
    assertThat(browser.executeScript("return performance.getEntriesByType('resource')"
        + ".filter(e => e.responseStatus >= 400).map(e => e.name);")).asList().isEmpty();
  }
}
