package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;
import net.codestats.account.Accounts;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The admin area in a real browser under the site's strict CSP: reached from the navigation,
 * every page renders (the pulses chart as SVG, the mail's dry run) without console errors.
 */
@IntegrationTest
class AdminBrowserTest {

  private static final String ADMIN = "test-admin"; // codestats.admin.usernames of the tests
  private static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void startBrowser() {
    browser = Chromium.startKeepingConsole();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  void everyAdminPageRendersWithoutConsoleErrors() {
    synchronized (AdminBrowserTest.class) {
      if (accounts.findByUsername(ADMIN).isEmpty()) {
        accounts.create(ADMIN, PASSWORD, null);
      }
    }
    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys(ADMIN);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(ExpectedConditions.urlContains("/users/"));

    browser.findElement(By.cssSelector(".nav a[href='/admin']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("figures")));
    assertThat(browser.findElements(By.cssSelector("#pulse-chart rect"))).hasSize(144);
    for (String path : new String[] {"/admin/users", "/admin/languages", "/admin/admins", "/admin/audit",
      "/admin/mail"}) {
      browser.findElement(By.cssSelector(".admin-nav a[href='" + path + "']")).click();
      wait.until(ExpectedConditions.urlToBe(url(path)));
      assertThat(browser.findElement(By.cssSelector(".admin-nav a[aria-current=page]")).getAttribute("href"))
          .endsWith(path);
    }
    browser.findElement(By.id("mail-subject")).sendKeys("Browser dry run");
    browser.findElement(By.id("mail-body")).sendKeys("Hello **there**");
    browser.findElement(By.cssSelector("#mail-form button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mail-preview")));
    assertThat(browser.findElement(By.cssSelector("#mail-sample-html strong")).getText()).isEqualTo("there");

    var errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    assertThat(errors).as("console errors").isEmpty();
  }
}
