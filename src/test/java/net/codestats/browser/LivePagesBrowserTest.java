package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Chromium;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The profile page and the front page in headless Chromium: pulses sent over the API change
 * the numbers, the charts' data and the map without a reload.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePagesBrowserTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final ZoneOffset WEST = ZoneOffset.ofHours(-12);
  static final ZoneOffset EAST = ZoneOffset.ofHours(14);

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  ChromeDriver driver;
  Http http;
  TestUsers users;

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
  }

  private void pulse(String token, Instant at, ZoneOffset offset, String xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, offset));
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").statusCode())
        .isEqualTo(201);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  private void open(String path) {
    driver.get("http://localhost:" + port + path);
    waiting().until(d -> "live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  @SuppressWarnings("unchecked")
  private Map<String, List<Number>> daysSeries() {
    return (Map<String, List<Number>>) js("const o = window.codestatsCharts.days.getOption(); const r = {};"
        + " o.series.forEach(s => r[s.name] = s.data); return r;");
  }

  @SuppressWarnings("unchecked")
  private List<String> daysAxis() {
    return (List<String>) js("return window.codestatsCharts.days.getOption().xAxis[0].data;");
  }

  @SuppressWarnings("unchecked")
  private List<Number> hoursData() {
    return (List<Number>) js("return window.codestatsCharts.hours.getOption().series[0].data;");
  }

  @Test
  void profilePageUpdatesLiveAndRollsToANewDay() {
    var coder = users.userWithMachine("browser");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
    pulse(coder.token(), now.minus(2, ChronoUnit.DAYS), WEST, "[{\"language\":\"Java\",\"xp\":6000}]");
    LocalDate today = LocalDate.ofInstant(now, WEST);
    // an hour earlier, but never before local midnight: the test must hold at any time of day
    Instant earlierToday = Instant.ofEpochSecond(
        Math.max(now.minus(1, ChronoUnit.HOURS).getEpochSecond(), today.atStartOfDay().toEpochSecond(WEST)));
    pulse(coder.token(), earlierToday, WEST,
        "[{\"language\":\"Java\",\"xp\":400},{\"language\":\"Go\",\"xp\":50}]");

    open("/users/" + coder.user().username());
    assertThat(text("total-level")).isEqualTo("Level 2 (6,450 XP) (+450)");
    assertThat(daysAxis().getLast()).isEqualTo(today.toString().substring(5));
    assertThat(daysSeries().get("Java").getLast().intValue()).isEqualTo(400);
    int westHour = OffsetDateTime.ofInstant(now, WEST).getHour();
    long hourBefore = hoursData().get(westHour).longValue();

    // a pulse on the same local day: numbers, lists and both charts change without a reload
    js("document.body.dataset.marker = 'same page';");
    pulse(coder.token(), now, WEST, "[{\"language\":\"Java\",\"xp\":300},{\"language\":\"Rust\",\"xp\":25}]");
    waiting().until(d -> text("total-level").equals("Level 2 (6,775 XP) (+775)"));
    assertThat(text("top-languages")).contains("Java level 2 (6,700 XP) (+700)").contains("Rust level 0 (25 XP) (+25)");
    assertThat(text("machines")).contains("laptop level 2 (6,775 XP) (+775)");
    assertThat(daysSeries().get("Java").getLast().intValue()).isEqualTo(700);
    assertThat(daysSeries().get("Rust").getLast().intValue()).isEqualTo(25);
    assertThat(hoursData().get(westHour).longValue()).isEqualTo(hourBefore + 325);
    int doy = LocalDate.of(2000, today.getMonth(), today.getDayOfMonth()).getDayOfYear();
    var cell = driver.findElement(By.cssSelector("#day-of-year td[data-day='" + doy + "']"));
    assertThat(cell.getAttribute("title")).endsWith(": 775 XP");
    assertThat(cell.getAttribute("class")).contains("doy-today");
    assertThat(js("return document.body.dataset.marker;")).isEqualTo("same page");

    // a pulse from a time zone where it is already the next day: the 14-day chart rolls on
    LocalDate tomorrow = LocalDate.ofInstant(now, EAST);
    assertThat(tomorrow).isAfter(today);
    pulse(coder.token(), now.plusSeconds(1), EAST, "[{\"language\":\"Go\",\"xp\":40}]");
    waiting().until(d -> daysAxis().getLast().equals(tomorrow.toString().substring(5)));
    assertThat(daysAxis()).hasSize(14);
    assertThat(daysSeries().get("Go").getLast().intValue()).isEqualTo(40);
    assertThat(text("total-level")).isEqualTo("Level 2 (6,815 XP) (+815)");
    assertThat(js("return document.body.dataset.marker;")).isEqualTo("same page");
  }

  @Test
  void profilePageRefetchesAfterReconnecting() {
    var coder = users.userWithMachine("reconnect");
    pulse(coder.token(), Instant.now().minusSeconds(60), ZoneOffset.UTC, "[{\"language\":\"Java\",\"xp\":100}]");
    open("/users/" + coder.user().username());
    assertThat(text("total-level")).isEqualTo("Level 0 (100 XP) (+100)");

    // drop the socket; a pulse while it is down arrives through the refetch after reconnecting
    js("window.codestatsSocket.conn.close();");
    waiting().until(d -> !"live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
    pulse(coder.token(), Instant.now().minusSeconds(30), ZoneOffset.UTC, "[{\"language\":\"Lua\",\"xp\":11}]");
    waiting().until(d -> text("total-level").equals("Level 0 (111 XP) (+111)"));
    assertThat(text("top-languages")).contains("Lua level 0 (11 XP) (+11)");
  }

  @Test
  void zeroXpProfileShowsPanelsWithTheFirstPulse() {
    var coder = users.userWithMachine("firstpulse");
    open("/users/" + coder.user().username());
    assertThat(text("zero-xp")).contains("It looks like this user hasn't written anything yet.");
    assertThat(driver.findElement(By.id("panels")).isDisplayed()).isFalse();

    pulse(coder.token(), Instant.now().minusSeconds(5), ZoneOffset.UTC, "[{\"language\":\"Zig\",\"xp\":9}]");
    waiting().until(d -> d.findElement(By.id("panels")).isDisplayed());
    assertThat(driver.findElement(By.id("zero-xp")).isDisplayed()).isFalse();
    assertThat(text("top-languages")).contains("Zig level 0 (9 XP) (+9)");
  }

  @Test
  void hourChartCanBeAClockAndTheChoiceIsRemembered() {
    var coder = users.userWithMachine("clock");
    Instant at = Instant.now().minusSeconds(60);
    pulse(coder.token(), at, ZoneOffset.ofHours(5), "[{\"language\":\"Java\",\"xp\":33}]");
    int hour = OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(5)).getHour();
    open("/users/" + coder.user().username());

    driver.findElement(By.id("hours-as-clock")).click();
    assertThat(js("return window.codestatsCharts.hours.getOption().series.map(s => s.name).join();"))
        .isEqualTo("AM,PM");
    List<?> ring =
        (List<?>) js("return window.codestatsCharts.hours.getOption().series[" + (hour < 12 ? 0 : 1) + "].data;");
    assertThat(((Number) ring.get(hour % 12)).intValue()).isEqualTo(33);

    open("/users/" + coder.user().username());
    assertThat(js("return window.codestatsCharts.hours.getOption().series.map(s => s.name).join();"))
        .isEqualTo("AM,PM");
    driver.findElement(By.id("hours-as-bars")).click();
    assertThat(hoursData().get(hour).intValue()).isEqualTo(33);
  }

  @Test
  void frontPageDrawsADotAndGrowsTheXpChart() {
    var coder = users.userWithMachine("frontbrowser");
    open("/");
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo("The free stats tracking service for programmers.");
    long before = chartTotal();
    assertThat(js("return window.codestatsCharts.history.getOption().series[0].data.length;")).isEqualTo(240L);

    pulse(coder.token(), Instant.now().minusSeconds(2), ZoneOffset.ofHours(2), "[{\"language\":\"Java\",\"xp\":40}]");
    waiting()
        .withTimeout(Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(100))
        .until(
            d -> !d.findElements(By.cssSelector("#world-dots circle.dot[data-lat='60.2'][data-lon='24.9']")).isEmpty());
    var dot = driver.findElement(By.cssSelector("#world-dots circle.dot"));
    assertThat(Double.parseDouble(dot.getAttribute("cx"))).isEqualTo(24.9 + 180);
    assertThat(Double.parseDouble(dot.getAttribute("cy"))).isCloseTo(90 - 60.2,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(chartTotal()).isGreaterThanOrEqualTo(before + 40);
    // the dot fades and is gone after four seconds
    waiting().until(d -> d.findElements(By.cssSelector("#world-dots circle.dot")).isEmpty());
  }

  private long chartTotal() {
    return ((Number) js("return window.codestatsCharts.history.getOption().series[0].data.reduce((a, b) => a + b, 0);"))
        .longValue();
  }

  WebDriver driver() {
    return driver;
  }
}
