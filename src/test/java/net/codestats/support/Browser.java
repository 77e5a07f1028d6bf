package net.codestats.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its own chromedriver; both paths are explicit, so
 * Selenium never downloads anything.
 */
public final class Browser {

  private Browser() {}

  public static ChromeDriver start() {
    try {
      var profile = Files.createTempDirectory("codestats-chromium");
      var options = new ChromeOptions();
      options.setBinary(new File("/usr/bin/chromium"));
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--window-size=1280,1600",
          "--user-data-dir=" + profile.toAbsolutePath());
      var service =
          new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
      var driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      return driver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
