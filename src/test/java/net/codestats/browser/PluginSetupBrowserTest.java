package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The plugins page and the machines page's next steps at phone width, in headless Chromium. */
@IntegrationTest
class PluginSetupBrowserTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  ChromeDriver browser;
  WebDriverWait wait;
  TestUsers users;

  @BeforeEach
  void startBrowser() {
    browser = Chromium.start();
    browser.manage().window().setSize(new Dimension(390, 844));
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    users = new TestUsers(accounts, machines);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void open(String path) {
    browser.get("http://localhost:" + port + path);
  }

  private void logIn(String username) {
    open("/login");
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys("correct horse battery");
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.titleIs("Log in – Code::Stats")));
  }

  private int sidewaysOverflow(String screenshot) throws Exception {
    Chromium.saveScreenshot(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    return Chromium.sidewaysOverflow(browser);
  }

  @Test
  void pluginsPageFitsAPhoneAndShowsTheTokenOnlyToItsOwner() throws Exception {
    open("/plugins");
    assertThat(browser.findElement(By.cssSelector("#atom .url-value")).isDisplayed()).isTrue();
    assertThat(sidewaysOverflow("plugins-phone-visitor.png")).isLessThanOrEqualTo(0);

    var owner = users.userWithMachine("plugins-browser");
    var desktop = machines.create(owner.user().id(), "desktop");
    logIn(owner.user().username());
    open("/plugins");
    assertThat(browser.findElement(By.id("plugin-token-value")).getDomProperty("value")).isEqualTo(desktop.token());
    new Select(browser.findElement(By.id("machine"))).selectByVisibleText("laptop");
    browser.findElement(By.cssSelector("#machine-chooser button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("snippet-sublime"), owner.token()));
    assertThat(browser.getCurrentUrl()).doesNotContain(owner.token()).endsWith("/plugins?machine=" + owner.machineId());
    // The long token and addresses wrap inside the cards rather than push the page wider.
    assertThat(sidewaysOverflow("plugins-phone-owner.png")).isLessThanOrEqualTo(0);

    browser.manage().deleteAllCookies();
    open("/plugins?machine=" + owner.machineId());
    assertThat(browser.getPageSource()).doesNotContain(owner.token());
    open("/plugins");
    assertThat(browser.getPageSource()).doesNotContain(owner.token()).doesNotContain(desktop.token());
    assertThat(browser.findElement(By.id("snippet-sublime")).getText()).contains("<your API token>");
  }

  @Test
  void addingAMachineShowsWhatToDoNext() throws Exception {
    var user = users.user("next-steps-browser");
    logIn(user.username());
    open("/my/machines");
    browser.findElement(By.id("machine-name")).sendKeys("Phone laptop");
    browser.findElement(By.cssSelector("#add-machine button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("next-steps")));
    String token = machines.token(user.id(), machines.list(user.id()).getFirst().id());
    assertThat(browser.findElement(By.cssSelector(".flash")).getText()).isEqualTo("Machine added successfully.");
    assertThat(browser.findElement(By.id("next-token")).getDomProperty("value")).isEqualTo(token);
    assertThat(browser.findElement(By.id("next-snippet-vscode")).getText()).contains(token);
    assertThat(browser.findElement(By.id("next-snippet-vim")).isDisplayed()).isTrue();
    // Other editors are one tap away.
    assertThat(browser.findElement(By.id("next-snippet-emacs")).isDisplayed()).isFalse();
    browser.findElement(By.cssSelector("#next-emacs summary")).click();
    assertThat(browser.findElement(By.id("next-snippet-emacs")).getText())
        .contains("(setq code-stats-token \"" + token + "\")");
    assertThat(sidewaysOverflow("next-steps-phone.png")).isLessThanOrEqualTo(0);

    browser.navigate().refresh();
    assertThat(browser.findElements(By.id("next-steps"))).isEmpty();
  }
}
