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
import java.util.Locale;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Chromium;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A language page in headless Chromium: a pulse in its language moves its figures and charts
 * without a reload; a pulse in another language does not.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguagePageBrowserTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, uuuu", Locale.ENGLISH);
  static final ZoneOffset ZONE = ZoneOffset.ofHours(3);

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  ChromeDriver driver;

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

  private void pulse(String token, Instant at, String xps) {
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, ZONE));
    assertThat(new Http(port).postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":" + xps + "}").statusCode())
        .isEqualTo(201);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private long chartSum(String chart) {
    List<?> data = (List<?>) js("return window.codestatsCharts." + chart + ".getOption().series[0].data"
        + ".map(d => Array.isArray(d) ? d[1] : d);");
    return data.stream().mapToLong(d -> ((Number) d).longValue()).sum();
  }

  @Test
  void pulsesInTheLanguageMoveThePageAndOtherLanguagesDoNot() {
    var coder = new TestUsers(accounts, machines).userWithMachine("langlive");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
    pulse(coder.token(), now.minus(2, ChronoUnit.DAYS), "[{\"language\":\"Java\",\"xp\":6000}]");
    // an hour earlier, but never before local midnight: the calendar cell below counts both pulses
    Instant earlierToday = Instant.ofEpochSecond(Math.max(now.minus(1, ChronoUnit.HOURS).getEpochSecond(),
        LocalDate.ofInstant(now, ZONE).atStartOfDay().toEpochSecond(ZONE)));
    pulse(coder.token(), earlierToday,
        "[{\"language\":\"Java\",\"xp\":400},{\"language\":\"Go\",\"xp\":50}]");

    driver.get("http://localhost:" + port + "/users/" + coder.user().username() + "/languages/Java");
    waiting().until(d -> "live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
    assertThat(text("language-level")).isEqualTo("Java level 2 (6,400 XP) (+400)");
    assertThat(text("language-xp")).isEqualTo("6,400 XP");
    assertThat(chartSum("weeks")).isEqualTo(6400);
    assertThat(chartSum("machines")).isEqualTo(6400);
    assertThat(chartSum("hours")).isEqualTo(6400);
    js("document.body.dataset.marker = 'same page';");

    // another language first, then this one: only this one's XP counts
    pulse(coder.token(), now.minusSeconds(20), "[{\"language\":\"Go\",\"xp\":77}]");
    pulse(coder.token(), now, "[{\"language\":\"Java\",\"xp\":300},{\"language\":\"Rust\",\"xp\":25}]");
    waiting().until(d -> text("language-xp").equals("6,700 XP"));
    assertThat(text("language-level")).isEqualTo("Java level 2 (6,700 XP) (+700)");
    assertThat(text("language-recent")).isEqualTo("700 XP");
    assertThat(chartSum("weeks")).isEqualTo(6700);
    assertThat(chartSum("machines")).isEqualTo(6700);
    assertThat(chartSum("hours")).isEqualTo(6700);
    LocalDate today = LocalDate.ofInstant(now, ZONE);
    assertThat(text("language-last")).isEqualTo(DATE.format(today));
    var cell = driver.findElement(By.cssSelector("#calendar td[data-date='" + today + "']"));
    assertThat(cell.getAttribute("title")).isEqualTo(DATE.format(today) + ": 700 XP");
    // the share is of the user's whole total, which the other languages' pulses are part of
    assertThat(text("language-share")).isEqualTo("97.8 %"); // 6,700 of 6,852
    assertThat(js("return document.body.dataset.marker;")).isEqualTo("same page");

    // a last pulse in another language only: the language's figures stay
    pulse(coder.token(), now.plusSeconds(1), "[{\"language\":\"Go\",\"xp\":1000}]");
    waiting().until(d -> text("language-share").equals("85.3 %")); // 6,700 of 7,852: it did arrive
    assertThat(text("language-xp")).isEqualTo("6,700 XP");
    assertThat(chartSum("hours")).isEqualTo(6700);
  }

  @Test
  void refetchesAfterReconnecting() {
    var coder = new TestUsers(accounts, machines).userWithMachine("langreconnect");
    pulse(coder.token(), Instant.now().minusSeconds(60), "[{\"language\":\"Java\",\"xp\":100}]");
    driver.get("http://localhost:" + port + "/users/" + coder.user().username() + "/languages/Java");
    waiting().until(d -> "live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
    assertThat(text("language-xp")).isEqualTo("100 XP");

    // drop the socket; a pulse while it is down arrives through the refetch after reconnecting
    js("window.codestatsSocket.conn.close();");
    waiting().until(d -> !"live".equals(d.findElement(By.id("live-status")).getAttribute("data-state")));
    pulse(coder.token(), Instant.now().minusSeconds(30),
        "[{\"language\":\"Java\",\"xp\":11},{\"language\":\"Go\",\"xp\":5}]");
    waiting().until(d -> text("language-xp").equals("111 XP"));
    assertThat(text("language-level")).isEqualTo("Java level 0 (111 XP) (+111)");
    assertThat(text("language-share")).isEqualTo("95.7 %"); // 111 of 116
    assertThat(chartSum("hours")).isEqualTo(111);
  }
}
