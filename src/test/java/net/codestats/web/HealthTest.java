package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class HealthTest {

  @LocalServerPort int port;

  @Test
  void healthIsUpWithTheConfiguredMailServerRunning() {
    var response = new Http(port).get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void resetLinksStayOutOfTheRequestLog() {
    assertThat(RequestLogFilter.loggablePath("/reset-password/abcdef")).isEqualTo("/reset-password/[redacted]");
    assertThat(RequestLogFilter.loggablePath("/my/machines")).isEqualTo("/my/machines");
  }
}
