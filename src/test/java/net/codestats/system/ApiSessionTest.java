package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The JSON API is stateless: no session, no cookie, for any client. */
@IntegrationTest
class ApiSessionTest {

  @LocalServerPort int port;

  @Test
  void jsonAnswersCreateNoSession() {
    var http = new Http(port);
    for (String path : new String[] {"/api/ping", "/api/users/nobody-here"}) {
      assertThat(http.get(path).headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
    assertThat(http.postPulse("not-a-token", "{}").headers().allValues("Set-Cookie")).isEmpty();
  }
}
