package net.codestats.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.codestats.support.Chromium;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The content pages in a real browser at phone width, and the icon every page links. */
@IntegrationTest
class SitePagesBrowserTest {

  @LocalServerPort int port;
  ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    browser = Chromium.start();
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

  private long number(String script) {
    return ((Number) browser.executeScript(script)).longValue();
  }

  @Test
  void contentPagesDoNotScrollSidewaysAt390PixelsAndLongCodeScrollsInItsBox() {
    browser.manage().window().setSize(new Dimension(390, 844));
    for (String path : List.of("/api-docs", "/aliases", "/support", "/changes", "/tos")) {
      browser.get(url(path));
      long inner = number("return window.innerWidth;");
      assertThat(inner).as("viewport").isLessThanOrEqualTo(390);
      assertThat(number("return document.documentElement.scrollWidth;")).as(path).isLessThanOrEqualTo(inner);
    }
    browser.get(url("/api-docs"));
    // positive control: the curl example is wider than the phone, and scrolls inside its own box
    assertThat(number("const pre = document.getElementById('curl-example'); return pre.scrollWidth - pre.clientWidth;"))
        .isPositive();
  }

  @Test
  void theIconIsServedToTheBrowser() {
    browser.get(url("/api-docs"));
    Object statuses =
        browser.executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            const links = [...document.querySelectorAll('link[rel=icon]')].map(l => l.href);
            Promise.all(links.map(href => fetch(href).then(r => r.status + ' ' + r.headers.get('content-type'))))
              .then(done, e => done(String(e)));""");
    assertThat(statuses).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .hasSize(2)
        .allSatisfy(status -> assertThat(status.toString()).startsWith("200 image/"));
  }
}
