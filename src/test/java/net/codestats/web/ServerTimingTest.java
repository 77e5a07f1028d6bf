package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Pages tell the server's time in a header, not in their body; other answers do not. */
@IntegrationTest
class ServerTimingTest {

  @LocalServerPort int port;

  @Test
  void pagesCarryServerTimingAndJsonDoesNot() {
    var http = new Http(port);
    for (String path : new String[] {"/", "/plugins", "/users/nobody-here"}) {
      var page = http.get(path);
      assertThat(page.headers().firstValue("Content-Type")).as(path)
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.headers().firstValue("Server-Timing")).as(path)
          .hasValueSatisfying(t -> assertThat(t).matches("app;dur=[0-9]+\\.[0-9]"));
      assertThat(page.body()).as(path).doesNotContain("Rendered in");
    }
    var json = http.get("/api/users/nobody-here");
    assertThat(json.headers().firstValue("Server-Timing")).isEmpty();
  }
}
