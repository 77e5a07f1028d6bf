package net.codestats.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import net.codestats.support.Chromium;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A new user in a real browser: sign up, log in, create a machine, copy its token, code. */
@IntegrationTest
class NewUserJourneyTest {

  @LocalServerPort int port;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void startBrowser() {
    browser = Chromium.start();
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

  private String flash() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash"))).getText();
  }

  @Test
  void signsUpLogsInCreatesAMachineCopiesTheTokenAndSeesAPulseCounted() throws Exception {
    String name = TestUsers.uniqueName("Browser");
    String password = "correct horse battery";

    browser.get(url("/"));
    browser.findElement(By.linkText("Sign up")).click();
    wait.until(ExpectedConditions.titleIs("Sign up – Code::Stats"));
    browser.findElement(By.id("username")).sendKeys(name);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.name("old_enough")).click();
    browser.findElement(By.name("terms_read")).click();
    browser.findElement(By.cssSelector("#signup-form button")).click();
    // logged in at once, on the page that makes the first machine
    wait.until(ExpectedConditions.titleIs("Machines – Code::Stats"));
    assertThat(flash()).contains("Great success!");

    assertThat(browser.findElement(By.tagName("nav")).getText()).contains("Machines", "Log out");
    browser.findElement(By.id("machine-name")).sendKeys("My laptop");
    browser.findElement(By.cssSelector("#add-machine button")).click();
    wait.until(ExpectedConditions.titleIs("Machines – Code::Stats"));
    assertThat(flash()).isEqualTo("Machine added successfully.");

    // Copy the token as a user would; headless Chromium needs the clipboard permission granted.
    browser.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("origin", url(""), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    WebElement tokenField = browser.findElement(By.cssSelector("input.token"));
    String shown = tokenField.getDomProperty("value");
    WebElement copy = browser.findElement(By.cssSelector("button.copy"));
    copy.click();
    wait.until(ExpectedConditions.attributeToBe(copy, "data-copied", "true"));
    assertThat(copy.getText()).isEqualTo("Copied!");
    String copied =
        (String) browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));");
    assertThat(copied).isEqualTo(shown).hasSize(43);

    // A plugin sends a pulse with the copied token over HTTP.
    var http = new Http(port);
    var pulse =
        http.postPulse(copied,
            "{\"coded_at\":\"" + OffsetDateTime.now() + "\",\"xps\":[{\"language\":\"Java\",\"xp\":42}]}");
    assertThat(pulse.statusCode()).isEqualTo(201);

    browser.navigate().refresh();
    assertThat(browser.findElement(By.cssSelector(".machine-xp")).getText()).isEqualTo("Level 0 (42 XP)");
    assertThat(http.get("/api/users/" + name).body()).contains("\"total_xp\":42").contains("\"My laptop\"");

    // Regenerating asks first; cancelling keeps the token.
    browser.findElement(By.cssSelector("form[action$='/regenerate'] button")).click();
    wait.until(ExpectedConditions.alertIsPresent()).dismiss();
    assertThat(browser.findElement(By.cssSelector("input.token")).getDomProperty("value")).isEqualTo(shown);
    browser.findElement(By.cssSelector("form[action$='/regenerate'] button")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "API key regenerated"));
    assertThat(browser.findElement(By.cssSelector("input.token")).getDomProperty("value")).isNotEqualTo(shown);
    assertThat(http.postPulse(copied, "{\"coded_at\":\"" + OffsetDateTime.now() + "\",\"xps\":[]}").statusCode())
        .isEqualTo(403);

    // The own profile page, which the browser gets gzipped with its tokens spliced in: its form works.
    browser.get(url("/users/" + name));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hide-language")));
    var navigation =
        (Map<?, ?>) browser.executeScript(
            "const n = performance.getEntriesByType('navigation')[0];"
                + " return {encoded: n.encodedBodySize, decoded: n.decodedBodySize};");
    assertThat(((Number) navigation.get("encoded")).longValue())
        .isPositive().isLessThan(((Number) navigation.get("decoded")).longValue() / 2);
    browser.findElement(By.cssSelector("#hide-language button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"),
        "Java is hidden from your public profile."));
    assertThat(browser.findElements(By.cssSelector("#hidden-languages .hidden-language"))).hasSize(1);

    // Phone width: nothing sticks out sideways.
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(url("/my/machines"));
    int overflow = Chromium.sidewaysOverflow(browser);
    Chromium.saveScreenshot("machines-phone.png", browser.getScreenshotAs(OutputType.BYTES));
    assertThat(overflow).isLessThanOrEqualTo(0);

    // Log out by POST.
    browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("Log in")));
    browser.get(url("/my/machines"));
    wait.until(ExpectedConditions.titleIs("Log in – Code::Stats"));
  }
}
