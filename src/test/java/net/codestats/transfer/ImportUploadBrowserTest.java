package net.codestats.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.codestats.account.Accounts;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The import page in a real browser: its script uploads the file as the body and follows the import. */
@IntegrationTest
class ImportUploadBrowserTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void aChosenFileIsUploadedAndImported() throws Exception {
    var browser = Chromium.start();
    String name = TestUsers.uniqueName("Uploader");
    accounts.create(name, "correct horse battery", null);
    Path file = Files.createTempFile("upload", ".csv");
    Files.writeString(
        file,
        "sent_at;sent_at_local;tz_offset;language;machine;amount\n"
            + "2024-03-01 10:00:00Z;2024-03-01 11:00:00;60;Java;Laptop;42\n");
    try {
      var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get("http://localhost:" + port + "/login");
      browser.findElement(By.id("username")).sendKeys(name);
      browser.findElement(By.id("password")).sendKeys("correct horse battery");
      browser.findElement(By.cssSelector("#login-form button")).click();
      wait.until(ExpectedConditions.urlContains("/users/"));

      browser.get("http://localhost:" + port + "/my/preferences#import");
      browser.findElement(By.id("import-file")).sendKeys(file.toString());
      browser.findElement(By.cssSelector("#import-form button")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-message"), "Import finished"));
      assertThat(browser.findElement(By.id("import-message")).getText()).contains("1 pulses");
    } finally {
      browser.quit();
      Files.deleteIfExists(file);
    }
  }
}
