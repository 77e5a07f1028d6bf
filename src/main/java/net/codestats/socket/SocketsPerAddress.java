package net.codestats.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * At most {@code codestats.live.max-sockets-per-address} live sockets per client address (the
 * address behind a trusted proxy), so that one client cannot take every socket the server
 * holds; beyond it a handshake gets 503 with Retry-After, as beyond the global limit. A place
 * is taken at the handshake and given back when the handshake fails or the socket closes.
 */
@Component
class SocketsPerAddress implements HandshakeInterceptor {

  /** The client address, kept in the socket's attributes until it closes. */
  static final String ADDRESS = "codestats.live.address";

  private static final String TAKEN = SocketsPerAddress.class.getName() + ".taken";

  private final int maxPerAddress;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  SocketsPerAddress(SocketConfiguration.Settings settings) {
    this.maxPerAddress = settings.maxSocketsPerAddress();
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) {
    if (!(request instanceof ServletServerHttpRequest servlet)) {
      return true;
    }
    String address = servlet.getServletRequest().getRemoteAddr();
    if (!tryTake(address)) {
      response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
      response.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
      return false;
    }
    servlet.getServletRequest().setAttribute(TAKEN, address);
    attributes.put(ADDRESS, address);
    return true;
  }

  /** A handshake that did not end in an open socket gives its place back. */
  @Override
  public void afterHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
    if (!(request instanceof ServletServerHttpRequest servlet)
        || !(servlet.getServletRequest().getAttribute(TAKEN) instanceof String address)) {
      return;
    }
    boolean upgraded =
        exception == null
            && response instanceof ServletServerHttpResponse served
            && served.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
    if (!upgraded) {
      servlet.getServletRequest().removeAttribute(TAKEN);
      giveBack(address);
    }
  }

  boolean tryTake(String address) {
    var taken = new boolean[1];
    open.compute(
        address,
        (key, count) -> {
          int now = count == null ? 0 : count;
          if (now >= maxPerAddress) {
            return count;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  void giveBack(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  int openFrom(String address) {
    return open.getOrDefault(address, 0);
  }
}
