package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** No more live sockets than the heap holds: beyond the limit a handshake gets 503. */
class LiveSocketLimitTest {

  @Test
  void limitFollowsTheHeapUnlessConfigured() {
    assertThat(LiveConfiguration.maxSockets(0, 256L << 20)).isBetween(2_500, 4_000);
    assertThat(LiveConfiguration.maxSockets(0, 1L << 30)).isGreaterThan(20_000);
    assertThat(LiveConfiguration.maxSockets(0, 64L << 20)).isEqualTo(100);
    assertThat(LiveConfiguration.maxSockets(50_000, 256L << 20)).isEqualTo(50_000);
  }

  @Test
  void handshakesBeyondTheLimitAreRefusedWithRetryAfter() throws Exception {
    var open = new AtomicInteger(1);
    var interceptor = new LiveConfiguration.TokenInterceptor(null, open::get, 2);
    assertThat(handshake(interceptor).getStatus()).isEqualTo(200);
    open.set(2);
    var refused = handshake(interceptor);
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("30");
  }

  private static MockHttpServletResponse handshake(LiveConfiguration.TokenInterceptor interceptor) throws Exception {
    var request = new MockHttpServletRequest("GET", LiveConfiguration.PATH);
    request.setQueryString("vsn=2.0.0");
    var response = new MockHttpServletResponse();
    var serverResponse = new ServletServerHttpResponse(response);
    boolean accepted =
        interceptor.beforeHandshake(new ServletServerHttpRequest(request), serverResponse, null, new HashMap<>());
    serverResponse.flush();
    assertThat(accepted).isEqualTo(response.getStatus() == 200);
    return response;
  }
}
