package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.leaderboard.Leaderboards;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A language's board in a real browser: the nav link, 50 rows a page, the pager, the windows, avatars, no errors. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderboardBrowserTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Leaderboards leaderboards;

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

  @Test
  void pagesThroughALanguageBoardAndSwitchesWindows() {
    var http = new Http(port);
    var users = new TestUsers(accounts, machines);
    String language = "Browserboard" + TestUsers.uniqueName("").replace("-", "x");
    String firstName = null;
    for (int i = 0; i < 53; i++) {
      var user = users.userWithMachine("Board");
      String codedAt =
          OffsetDateTime.ofInstant(Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS),
              ZoneOffset.UTC).toString();
      var sent = http.postPulse(user.token(),
          "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + language + "\",\"xp\":" + (900 - i) + "}]}");
      assertThat(sent.statusCode()).isEqualTo(201);
      if (i == 0) {
        firstName = user.user().username();
      }
    }
    leaderboards.refresh();
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.pageErrors = []; addEventListener('error', e => pageErrors.push(e.message || 'failed to load '"
            + " + (e.target.src || e.target.href)), true); addEventListener('securitypolicyviolation',"
            + " e => pageErrors.push('CSP: ' + e.violatedDirective));"));

    driver.get("http://localhost:" + port + "/");
    driver.findElement(By.linkText("Leaderboards")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/leaderboards"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Leaderboards");
    assertThat(driver.findElement(By.id("board-about")).getText()).contains("UTC");

    driver.get("http://localhost:" + port + "/leaderboards/" + language);
    List<WebElement> rows = driver.findElements(By.cssSelector("#board tbody tr"));
    assertThat(rows).hasSize(50);
    assertThat(rows.get(0).findElement(By.cssSelector(".board-rank")).getText()).isEqualTo("1");
    assertThat(rows.get(0).findElement(By.cssSelector(".board-user a")).getText()).isEqualTo(firstName);
    // avatars load (the default image here) at the size the table gives them
    waiting().until(d -> (Boolean) driver.executeScript(
        "return [...document.querySelectorAll('.board-avatar')].slice(0, 5).every(i => i.complete && i.naturalWidth > 0)"));
    assertThat(rows.get(0).findElement(By.cssSelector(".board-avatar")).getSize().getWidth()).isBetween(24, 40);

    driver.findElement(By.cssSelector(".pagination a[rel=next]")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("?page=2"));
    rows = driver.findElements(By.cssSelector("#board tbody tr"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).findElement(By.cssSelector(".board-rank")).getText()).isEqualTo("51");
    assertThat(driver.findElement(By.cssSelector(".pagination [aria-current=page]")).getText()).isEqualTo("2");
    driver.findElement(By.cssSelector(".pagination a[rel=prev]")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/leaderboards/" + language));

    driver.findElement(By.linkText("All time")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("?window=all"));
    assertThat(driver.findElement(By.cssSelector(".board-windows [aria-current=page]")).getText()).isEqualTo(
        "All time");
    assertThat(driver.findElements(By.cssSelector("#board tbody tr"))).hasSize(50);
    driver.findElement(By.cssSelector(".pagination a[rel=next]")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("?window=all&page=2"));

    // the language form finds the board in any case
    driver.get("http://localhost:" + port + "/leaderboards");
    var field = driver.findElement(By.id("board-language"));
    field.sendKeys(language.toLowerCase());
    driver.findElement(By.cssSelector(".board-language-form button")).click();
    // textToBe looks the heading up again when the page it was found on is replaced meanwhile
    waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), language + " leaderboard"));

    // at phone width the board scrolls inside its frame, not the page
    driver.manage().window().setSize(new Dimension(390, 844));
    driver.get("http://localhost:" + port + "/leaderboards/" + language);
    assertThat(Chromium.sidewaysOverflow(driver))
        .as("wider than the window: %s", driver.executeScript(
            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
                + ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8).join(', ')"))
        .isLessThanOrEqualTo(0);
    assertThat(driver.executeScript("return window.pageErrors")).isEqualTo(List.of());
    driver.manage().window().setSize(new Dimension(1280, 1600));
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }
}
