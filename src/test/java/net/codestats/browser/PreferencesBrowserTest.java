package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import net.codestats.account.Accounts;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The preferences page at phone width: one tab at a time, each form's answer next to the form
 * in view after the reload, a failed import in red and dismissable, no sideways scrolling, no
 * console errors.
 */
@IntegrationTest
class PreferencesBrowserTest {

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

  /** The message of the form in section {@code id}: shown inside that section and in view. */
  private WebElement messageOf(String id) {
    WebElement message =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + id + " .form-message")));
    assertThat(message.getAttribute("id")).isEqualTo(id + "-message");
    assertThat(browser.findElements(By.cssSelector("main > .flash"))).as("nothing at the top of the page").isEmpty();
    Number top = (Number) browser.executeScript("return arguments[0].getBoundingClientRect().top;", message);
    Number height = (Number) browser.executeScript("return window.innerHeight;");
    assertThat(top.doubleValue()).as("message in view").isBetween(0.0, height.doubleValue() - 20);
    assertNoSidewaysScroll();
    return message;
  }

  private void openTab(String id) {
    browser.findElement(By.cssSelector(".tabs a[href='#" + id + "']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    for (String other : new String[] {"details", "password", "export", "import", "delete"}) {
      assertThat(browser.findElement(By.id(other)).isDisplayed()).as(other).isEqualTo(other.equals(id));
    }
  }

  private void assertNoSidewaysScroll() {
    assertThat(Chromium.sidewaysOverflow(browser)).as("sideways scroll at 390 px").isLessThanOrEqualTo(0);
  }

  @Test
  void eachFormAnswersNextToItselfAtPhoneWidthWithoutConsoleErrors() throws Exception {
    String name = TestUsers.uniqueName("prefsbrowser");
    accounts.create(name, PASSWORD, null);
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(url("/login"));
    browser.findElement(By.id("username")).sendKeys(name);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(ExpectedConditions.urlContains("/users/"));

    browser.get(url("/my/preferences"));
    assertThat(browser.findElement(By.id("details")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("password")).isDisplayed()).isFalse();
    assertNoSidewaysScroll();

    browser.findElement(By.id("email")).sendKeys(name + "@example.com");
    browser.findElement(By.id("current_password")).sendKeys("not the password");
    browser.findElement(By.cssSelector("#details-form button")).click();
    assertThat(messageOf("details").getText()).contains("current password is needed");

    openTab("password");
    browser.findElement(By.id("old_password")).sendKeys("not the password");
    browser.findElement(By.id("new_password")).sendKeys("another password");
    browser.findElement(By.cssSelector("#password-form button")).click();
    assertThat(messageOf("password").getText()).isEqualTo("Old password was wrong!");

    openTab("delete");
    browser.findElement(By.id("delete_current_password")).sendKeys(PASSWORD);
    browser.findElement(By.id("delete_confirmation")).sendKeys("delete");
    browser.findElement(By.cssSelector("#delete-form button")).click();
    assertThat(messageOf("delete").getText()).contains("typing \"DELETE\"");

    openTab("export");
    assertNoSidewaysScroll();

    openTab("import");
    Path bad = Files.createTempFile("bad-import", ".csv");
    Files.writeString(bad, "this is not;an export\n");
    browser.findElement(By.id("import-file")).sendKeys(bad.toString());
    browser.findElement(By.cssSelector("#import-form button")).click();
    // the page reloads once the file is in and follows the import
    // a failed import reads as a failure: red, with its message, no full progress bar
    WebElement result =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#import-message.flash-error")));
    assertThat(result.getText()).contains("Nothing was imported");
    assertThat(browser.findElements(By.id("import-progress"))).isEmpty();
    var rgb = result.getCssValue("color").replaceAll("[^0-9,]", "").split(",");
    assertThat(Integer.parseInt(rgb[0])).as("red text").isGreaterThan(Integer.parseInt(rgb[1]) + 60);
    // it stays until dismissed
    browser.navigate().refresh();
    assertThat(browser.findElement(By.cssSelector("#import-message.flash-error")).isDisplayed()).isTrue();
    browser.findElement(By.cssSelector("#import-dismiss-form button")).click();
    wait.until(ExpectedConditions.urlContains("#import"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("import-message")));
    assertThat(browser.findElements(By.id("import-message"))).isEmpty();
    assertNoSidewaysScroll();

    var errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(entry -> entry.getMessage())
            .toList();
    assertThat(errors).as("console errors").isEmpty();
  }
}
