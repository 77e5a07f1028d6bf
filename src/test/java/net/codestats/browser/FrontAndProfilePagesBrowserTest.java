package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Chromium;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The front page and the profile page as viewers in other time zones, locales, at phone width,
 * with keyboard, touch or no script see them; no page logs an error.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontAndProfilePagesBrowserTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  /** Collects what the page reports as broken: script errors, failed loads, console errors. */
  static final String ERROR_COLLECTOR =
      """
      window.pageErrors = [];
      addEventListener('error', e => pageErrors.push(e.message || 'failed to load ' + (e.target.src || e.target.href)), true);
      addEventListener('unhandledrejection', e => pageErrors.push('unhandled: ' + e.reason));
      addEventListener('securitypolicyviolation', e => pageErrors.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));
      const consoleError = console.error;
      console.error = (...args) => { pageErrors.push(args.join(' ')); consoleError(...args); };
      """;

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  ChromeDriver driver;
  Http http;
  TestUsers users;
  String collector;

  @BeforeAll
  void startBrowser() {
    driver = Chromium.start();
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    collector = script(ERROR_COLLECTOR);
  }

  @AfterEach
  void resetBrowser() {
    cdp("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", collector));
    cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
    cdp("Emulation.setLocaleOverride", Map.of());
    cdp("Emulation.setScriptExecutionDisabled", Map.of("value", false));
    driver.manage().window().setSize(new Dimension(1280, 1600));
    driver.manage().deleteAllCookies();
  }

  private Map<String, Object> cdp(String command, Map<String, Object> parameters) {
    return driver.executeCdpCommand(command, parameters);
  }

  /** Runs {@code source} in every page before its own scripts; returns its id. */
  private String script(String source) {
    return (String) cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source)).get("identifier");
  }

  private Object js(String script) {
    return driver.executeScript(script);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  private void pulse(String token, Instant at, ZoneOffset offset, String xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, offset));
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").statusCode())
        .isEqualTo(201);
  }

  /** Opens a page and waits for its live connection. */
  private void open(String path) {
    driver.get("http://localhost:" + port + path);
    waiting().until(d -> "live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** The x axis labels as the chart draws them (formatted, crowded ones left out). */
  @SuppressWarnings("unchecked")
  private List<String> axisLabels(String chart) {
    return (List<String>) js(
        "return window.codestatsCharts." + chart + ".getModel().getComponent('xAxis', 0).axis.getViewLabels()"
            + ".map(l => l.formattedLabel);");
  }

  /** The text the chart draws over its grid ("nobody has coded"), or null. */
  private Object chartTitle(String chart) {
    return js("const t = window.codestatsCharts." + chart
        + ".getOption().title[0]; return t.show === false ? null : t.text;");
  }

  private void assertNoPageErrors() {
    assertThat(js("return window.pageErrors;")).asList().isEmpty();
    assertThat(js("return performance.getEntriesByType('resource')"
        + ".filter(e => e.responseStatus >= 400).map(e => e.name);"))
        .asList()
        .isEmpty();
  }

  /** The whole page, beyond the window, to target/screenshots for a look after the run. */
  @SuppressWarnings("unchecked")
  private void screenshot(String name) throws Exception {
    var size = (Map<String, Number>) cdp("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    var clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
    String png =
        (String) cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip))
            .get("data");
    Chromium.saveScreenshot(name, Base64.getDecoder().decode(png));
  }

  private void assertNoSidewaysScroll(String screenshot) throws Exception {
    screenshot(screenshot);
    assertThat(Chromium.sidewaysOverflow(driver)).isLessThanOrEqualTo(0);
  }

  @Test
  void frontPageChartIsInTheViewersLocalTimeInEachZone() {
    var coder = users.userWithMachine("zones");
    pulse(coder.token(), Instant.now().minusSeconds(5), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":12}]");
    cdp("Emulation.setLocaleOverride", Map.of("locale", "en-GB")); // 24-hour clock: "14:05"
    var hhmm = DateTimeFormatter.ofPattern("HH:mm");
    String previousLabel = null;
    for (String zone : List.of("Asia/Tokyo", "America/Los_Angeles")) {
      cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
      ZonedDateTime before = ZonedDateTime.now(ZoneId.of(zone));
      open("/");
      ZonedDateTime after = ZonedDateTime.now(ZoneId.of(zone));
      String last = (String) js("return window.codestatsCharts.history.getOption().xAxis[0].data.at(-1);");
      assertThat(last).isIn(hhmm.format(before), hhmm.format(after));
      assertThat(last).isNotEqualTo(previousLabel);
      previousLabel = last;
      assertThat(text("xp-history-zone")).isEqualTo("Times are in your local time (" + zone.replace('_', ' ') + ").");
      // the first label, four hours earlier, is drawn as text on the chart
      String first = (String) js("return window.codestatsCharts.history.getOption().xAxis[0].data[0];");
      assertThat(first).isIn(hhmm.format(before.minusMinutes(239)), hhmm.format(after.minusMinutes(239)));
      assertThat(axisLabels("history")).contains(first);
      // the text alternative names the XP
      assertThat(text("xp-history-summary"))
          .matches("[0-9,]+ XP in the last 4 hours, in \\d+ minutes?; the most at \\d\\d:\\d\\d \\([0-9,]+ XP\\)\\.");
      assertNoPageErrors();
    }
  }

  @Test
  void frontPageSaysNobodyCodedWhenTheLastFourHoursAreEmpty() {
    // positive control: with XP in the window the chart shows it and says so
    var coder = users.userWithMachine("emptychart");
    pulse(coder.token(), Instant.now().minusSeconds(5), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":7}]");
    open("/");
    waiting().until(d -> "xp".equals(d.findElement(By.id("xp-history-summary")).getAttribute("data-state")));
    assertThat(chartTitle("history")).isNull();

    // a viewer whose clock is five hours on: every XP the server knows is older than the window
    String later = script("const realNow = Date.now; Date.now = () => realNow() + 5 * 3600 * 1000;");
    try {
      open("/");
      waiting().until(d -> "empty".equals(d.findElement(By.id("xp-history-summary")).getAttribute("data-state")));
      assertThat(text("xp-history-summary")).isEqualTo("Nobody has coded in the last 4 hours.");
      assertThat(chartTitle("history")).isEqualTo("Nobody has coded in the last 4 hours.");
      // no 0–1 fractional scale: no y labels at all when empty, whole numbers always
      assertThat(js("return window.codestatsCharts.history.getOption().yAxis[0].axisLabel.show;")).isEqualTo(false);
      assertThat(js("return window.codestatsCharts.history.getOption().yAxis[0].minInterval;")).isEqualTo(1L);
      assertNoPageErrors();
    } finally {
      cdp("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", later));
    }
  }

  @Test
  void frontPageAndProfileFitAPhoneWithoutSidewaysScroll() throws Exception {
    var coder = users.userWithMachine("phone");
    var xps = new StringBuilder("[");
    for (int i = 1; i <= 24; i++) {
      xps.append(i == 1 ? "" : ",").append("{\"language\":\"Language number ").append(i).append("\",\"xp\":")
          .append(5000 - i).append('}');
    }
    pulse(coder.token(), Instant.now().minus(3, ChronoUnit.DAYS), ZoneOffset.UTC, xps.append(']').toString());
    pulse(coder.token(), Instant.now().minusSeconds(30), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":300}]");
    driver.manage().window().setSize(new Dimension(390, 844));

    open("/");
    assertThat(driver.findElement(By.id("hero-signup")).isDisplayed()).isTrue();
    assertNoSidewaysScroll("front-phone.png");
    assertNoPageErrors();

    open("/users/" + coder.user().username());
    driver.findElement(By.cssSelector("#more-languages summary")).click();
    assertThat(text("more-other-languages")).contains("Language number 24 level");
    // the day-of-year table fits the panel, every day a cell of its own
    var table = driver.findElement(By.id("day-of-year"));
    var scroller = driver.findElement(By.cssSelector(".doy-scroll"));
    assertThat(table.getSize().getWidth()).isLessThanOrEqualTo(scroller.getSize().getWidth());
    assertThat(driver.findElement(By.cssSelector("#day-of-year td[data-day='1']")).getSize().getWidth())
        .isGreaterThanOrEqualTo(6);
    assertNoSidewaysScroll("profile-phone.png");
    assertNoPageErrors();
  }

  @Test
  void dayOfYearValuesAreReachableByTapAndKeyboard() {
    var coder = users.userWithMachine("doykeys");
    Instant now = Instant.now().minusSeconds(30);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    pulse(coder.token(), now.minus(1, ChronoUnit.DAYS), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":1234}]");
    pulse(coder.token(), now, ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":56}]");
    open("/users/" + coder.user().username());
    var label = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    WebElement todayCell = driver.findElement(By.cssSelector("#day-of-year td.doy-today"));
    // the value is the cell's own text for screen readers, not only a hover title
    assertThat(todayCell.getAccessibleName()).isEqualTo("56 XP");
    assertThat(todayCell.getDomProperty("tabIndex")).isEqualTo("0");
    assertThat(text("doy-readout")).startsWith("Tap a day");

    // a tap shows the day's value under the table
    todayCell.click();
    assertThat(text("doy-readout")).isEqualTo(label.format(today) + ": 56 XP (today)");
    // the arrow keys walk to the day before (across a month's end too)
    todayCell.sendKeys(Keys.ARROW_LEFT);
    LocalDate yesterday = today.minusDays(1);
    assertThat(text("doy-readout")).isEqualTo(label.format(yesterday) + ": 1,234 XP");
    assertThat(js("return document.activeElement.dataset.label;")).isEqualTo(label.format(yesterday));
    // one tab stop: the focused day is the only one in the tab order
    assertThat(js("return document.querySelectorAll('#day-of-year td[tabindex=\"0\"]').length;")).isEqualTo(1L);
    assertThat(text("doy-summary"))
        .isEqualTo("All years together; the busiest day is " + label.format(yesterday) + ": 1,234 XP.");
    assertThat(driver.findElements(By.cssSelector("#doy-legend li"))).hasSize(5);

    // live: a new pulse changes the value read out and the cell's text
    pulse(coder.token(), Instant.now(), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":4}]");
    waiting().until(
        d -> d.findElement(By.cssSelector("#day-of-year td.doy-today")).getAttribute("title").endsWith(": 60 XP"));
    assertThat(driver.findElement(By.cssSelector("#day-of-year td.doy-today")).getAccessibleName()).isEqualTo("60 XP");
    assertNoPageErrors();
  }

  @Test
  void fourteenDayLabelsAreMonthAndDayInTheViewersLocaleWithATableOfTheFigures() throws Exception {
    var coder = users.userWithMachine("daylabels");
    Instant now = Instant.now().minusSeconds(30);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    pulse(coder.token(), now, ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":400},{\"language\":\"Go\",\"xp\":50}]");
    String path = "/users/" + coder.user().username();

    cdp("Emulation.setLocaleOverride", Map.of("locale", "en-US"));
    open(path);
    String english = DateTimeFormatter.ofPattern("MMM d", Locale.US).format(today);
    assertThat(axisLabels("days")).hasSize(14).contains(english).noneMatch(t -> t.matches("\\d\\d-\\d\\d"));
    assertThat(text("days-summary")).isEqualTo("450 XP in the last 14 days; the most on " + english + " (450 XP).");
    driver.findElement(By.cssSelector("#days-chart ~ details summary")).click();
    var firstRow = driver.findElement(By.cssSelector("#days-table tbody tr")).getText();
    assertThat(firstRow).isEqualTo(english + " 450 Java 400, Go 50");
    assertThat(text("hours-summary")).startsWith("The most XP in the hour from ")
        .endsWith(" (450 XP), in the user's local time.");
    screenshot("profile-desktop.png");
    driver.findElement(By.id("hours-as-clock")).click();
    screenshot("profile-clock.png");
    driver.findElement(By.id("hours-as-bars")).click();
    assertNoPageErrors();

    cdp("Emulation.setLocaleOverride", Map.of("locale", "de-DE"));
    open(path);
    assertThat(axisLabels("days"))
        .contains(today.getDayOfMonth() + ". " + DateTimeFormatter.ofPattern("MMM", Locale.GERMAN).format(today));
    assertNoPageErrors();
  }

  @Test
  void showAllWorksWithoutScriptAndTheLiveNoteOnlyShowsWithIt() {
    var coder = users.userWithMachine("noscript");
    var xps = new StringBuilder("[");
    for (int i = 1; i <= 23; i++) {
      xps.append(i == 1 ? "" : ",").append("{\"language\":\"L").append(i).append("\",\"xp\":").append(100 - i)
          .append('}');
    }
    pulse(coder.token(), Instant.now().minusSeconds(30), ZoneOffset.UTC, xps.append(']').toString());
    String path = "/users/" + coder.user().username();

    // with script (the positive control): the live note shows
    open(path);
    assertThat(driver.findElement(By.id("live-status")).isDisplayed()).isTrue();

    cdp("Emulation.setScriptExecutionDisabled", Map.of("value", true));
    driver.get("http://localhost:" + port + path);
    assertThat(driver.findElement(By.id("live-status")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("days-chart")).isDisplayed()).isFalse();
    WebElement more = driver.findElement(By.id("more-other-languages"));
    assertThat(more.isDisplayed()).isFalse();
    driver.findElement(By.cssSelector("#more-languages summary")).click();
    assertThat(more.isDisplayed()).isTrue();
    assertThat(more.getText()).contains("L23 level 0 (77 XP)");
    assertThat(driver.findElement(By.cssSelector("#more-languages summary")).getText()).isEqualTo("show fewer");
  }

  @Test
  void theOwnerSeesThePrivateNoticeAndTheMachinesLinkOthersSeeNeither() {
    var coder = users.userWithMachine("ownerview");
    pulse(coder.token(), Instant.now().minusSeconds(30), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":20}]");
    machines.setActive(coder.user().id(), coder.machineId(), false);
    String path = "/users/" + coder.user().username();

    // a visitor: no machines, no link to add one
    open(path);
    assertThat(text("no-machines")).isEqualTo("No machines yet.");
    assertThat(driver.findElements(By.id("private-notice"))).isEmpty();
    assertNoPageErrors();

    accounts.setPrivateProfile(coder.user().id(), true);
    driver.get("http://localhost:" + port + "/login");
    driver.findElement(By.id("username")).sendKeys(coder.user().username());
    driver.findElement(By.id("password")).sendKeys("correct horse battery");
    driver.findElement(By.cssSelector("#login-form button")).click();
    waiting().until(ExpectedConditions.urlContains("/users/"));
    open(path);
    assertThat(text("private-notice")).startsWith("Your profile is private: only you can see it");
    assertThat(driver.findElement(By.cssSelector("#private-notice a")).getAttribute("href"))
        .endsWith("/my/preferences");
    assertThat(text("no-machines")).startsWith("No machines yet. Add a machine");
    assertThat(driver.findElement(By.cssSelector("#no-machines a")).getAttribute("href")).endsWith("/my/machines");
    assertNoPageErrors();

    // anyone else: not found
    driver.manage().deleteAllCookies();
    driver.get("http://localhost:" + port + path);
    assertThat(driver.findElements(By.id("private-notice"))).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("Java level");
  }
}
