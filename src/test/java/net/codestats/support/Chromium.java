package net.codestats.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through its chromedriver, both by explicit path so that
 * Selenium never downloads anything; a fresh profile directory for every browser. Without
 * them a browser test is skipped, saying what to install, except under {@code CI=true},
 * where a missing browser fails the build instead of passing it quietly. The paths can be
 * pointed elsewhere with {@code -Dchromium.binary=} and {@code -Dchromedriver.binary=}.
 */
public final class Chromium {

  static final String PACKAGES = "chromium chromium-driver";

  private Chromium() {}

  /** What a browser test does, given the binaries that are missing and the CI variable. */
  enum Verdict {
    RUN,
    SKIP,
    FAIL
  }

  static Verdict verdict(List<Path> missing, String ciVariable) {
    if (missing.isEmpty()) {
      return Verdict.RUN;
    }
    return "true".equalsIgnoreCase(ciVariable) ? Verdict.FAIL : Verdict.SKIP;
  }

  static List<Path> missing(List<Path> binaries, Predicate<Path> installed) {
    return binaries.stream().filter(installed.negate()).toList();
  }

  static String missingMessage(List<Path> missing) {
    return "headless Chromium is not installed: missing " + missing
        + " (install the apt packages `" + PACKAGES + "`)";
  }

  private static Path browserBinary() {
    return Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  }

  private static Path driverBinary() {
    return Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  }

  /** Skips the calling test when the browser is missing, or fails it under {@code CI=true}. */
  static void requireInstalled() {
    var missing = missing(List.of(browserBinary(), driverBinary()), Files::isExecutable);
    switch (verdict(missing, System.getenv("CI"))) {
      case RUN -> {}
      case SKIP -> Assumptions.assumeTrue(false, missingMessage(missing) + "; skipped outside CI");
      case FAIL -> Assertions.fail(missingMessage(missing) + "; CI=true, so this fails instead of skipping");
    }
  }

  public static ChromeDriver start() {
    return start(false);
  }

  /** A browser that keeps its console messages, read with {@code manage().logs().get(LogType.BROWSER)}. */
  public static ChromeDriver startKeepingConsole() {
    return start(true);
  }

  private static ChromeDriver start(boolean keepConsole) {
    requireInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary(browserBinary().toFile());
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
            .usingDriverExecutable(driverBinary().toFile())
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
    return ((Number) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;"))
        .intValue();
  }

  /** Writes a PNG to {@code target/screenshots} for a look after the run. */
  public static void saveScreenshot(String name, byte[] png) throws IOException {
    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    Files.write(shots.resolve(name), png);
  }
}
