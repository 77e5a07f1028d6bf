package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class PingTest {

  @LocalServerPort int port;

  @Test
  void answersAConstantSmallJson() {
    var response = new Http(port).get("/api/ping");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
  }
}
