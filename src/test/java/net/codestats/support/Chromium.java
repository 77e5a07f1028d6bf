package net.codestats.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through its chromedriver, both by explicit path so that
 * Selenium never downloads anything; a fresh profile directory for every browser.
 */
public final class Chromium {

  private Chromium() {}

  public static ChromeDriver start() {
    return start(false);
  }

  /** A browser that keeps its console messages, read with {@code manage().logs().get(LogType.BROWSER)}. */
  public static ChromeDriver startKeepingConsole() {
    return start(true);
  }

  private static ChromeDriver start(boolean keepConsole) {
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
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
        "--user-data-dir=" + profile);
    if (keepConsole) {
      var logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    }
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    var driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** How many CSS pixels the page is wider than the window: above 0 it scrolls sideways. */
  public static int sidewaysOverflow(JavascriptExecutor browser) {
    return ((Number) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;")).intValue();
  }

  /** Writes a PNG to {@code target/screenshots} for a look after the run. */
  public static void saveScreenshot(String name, byte[] png) throws IOException {
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    Files.write(shots.resolve(name), png);
  }
}
