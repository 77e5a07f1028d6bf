package net.codestats.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * No more live sockets than the heap holds, and no more than 50 from one client address:
 * beyond either limit a handshake gets 503.
 */
@IntegrationTest
class LiveSocketLimitTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  /** The test client at 127.0.0.1 is a trusted proxy: the address comes from X-Forwarded-For. */
  @Test
  void oneAddressHoldsAtMostFiftySocketsAndOthersStillConnect() throws Exception {
    var held = new ArrayList<WebSocket>();
    try {
      for (int i = 0; i < 50; i++) {
        held.add(connect("203.0.113.7").join());
      }
      var answer = refusal(connect("203.0.113.7"));
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).contains("30");

      // another address is not affected
      held.add(connect("203.0.113.8").join());
      // a closed socket gives its place back
      held.remove(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (held.size() < 51) {
        try {
          held.add(connect("203.0.113.7").join());
        } catch (CompletionException notYet) {
          assertThat(System.nanoTime()).as("the place came back").isLessThan(deadline);
          Thread.sleep(100);
        }
      }
    } finally {
      held.forEach(WebSocket::abort);
    }
  }

  @Test
  void refusedHandshakesTakeNoPlace() {
    for (int i = 0; i < 60; i++) {
      assertThat(refusal(connect("203.0.113.9", "http://evil.example")).statusCode()).isEqualTo(403);
    }
    connect("203.0.113.9").join().abort();
  }

  private static HttpResponse<?> refusal(CompletableFuture<WebSocket> handshake) {
    Throwable refused = catchThrowable(handshake::join);
    assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) refused.getCause()).getResponse();
  }

  private CompletableFuture<WebSocket> connect(String clientAddress) {
    return connect(clientAddress, "http://localhost:" + port);
  }

  private CompletableFuture<WebSocket> connect(String clientAddress, String origin) {
    return CLIENT
        .newWebSocketBuilder()
        .header("X-Forwarded-For", clientAddress)
        .header("Origin", origin)
        .buildAsync(URI.create("ws://localhost:" + port + SocketConfiguration.PATH + "?vsn=2.0.0"),
            new WebSocket.Listener() {});
  }

  @Test
  void limitFollowsTheHeapUnlessConfigured() {
    assertThat(SocketConfiguration.maxSockets(0, 256L << 20)).isBetween(2_500, 4_000);
    assertThat(SocketConfiguration.maxSockets(0, 1L << 30)).isGreaterThan(20_000);
    assertThat(SocketConfiguration.maxSockets(0, 64L << 20)).isEqualTo(100);
    assertThat(SocketConfiguration.maxSockets(50_000, 256L << 20)).isEqualTo(50_000);
  }

  @Test
  void handshakesBeyondTheLimitAreRefusedWithRetryAfter() throws Exception {
    var open = new AtomicInteger(1);
    var interceptor = new SocketConfiguration.TokenInterceptor(null, open::get, 2);
    assertThat(handshake(interceptor).getStatus()).isEqualTo(200);
    open.set(2);
    var refused = handshake(interceptor);
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("30");
  }

  private static MockHttpServletResponse handshake(SocketConfiguration.TokenInterceptor interceptor) throws Exception {
    var request = new MockHttpServletRequest("GET", SocketConfiguration.PATH);
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
