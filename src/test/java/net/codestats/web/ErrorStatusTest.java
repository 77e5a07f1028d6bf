package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Requests that are wrong, however odd, get a 4xx, never a 500. */
@IntegrationTest
class ErrorStatusTest {

  @LocalServerPort int port;

  @Test
  void theErrorPageItselfIsNoPage() {
    var http = new Http(port);
    assertThat(http.get("/error").statusCode()).isEqualTo(404);
    var html = http.send(http.request("/error").header("Accept", "text/html").GET().build());
    assertThat(html.statusCode()).isEqualTo(404);
    assertThat(html.body()).contains("Page not found");
    // a real error still has its own status
    assertThat(http.get("/no-such-page-here").statusCode()).isEqualTo(404);
  }

  @Test
  void aMalformedWebSocketOriginIsRefusedWith403() {
    for (String origin : new String[] {
      "http://127.0.0.1:" + port + ".evil.example", "http://[::1", "http://a b", "http://127.0.0.1:99999", "null"
    }) {
      assertThat(upgrade(origin).status()).as(origin).isEqualTo(403);
    }
    assertThat(upgrade("http://evil.example").status()).isEqualTo(403);
    // positive control: the site's own origin is let in
    assertThat(upgrade("http://localhost:" + port).status()).isEqualTo(101);
  }

  private RawHttp.Answer upgrade(String origin) {
    return RawHttp.send(
        port,
        "GET /live_update_socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: localhost:" + port
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin,
        null);
  }
}
