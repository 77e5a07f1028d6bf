package net.codestats.socket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses (403) a handshake whose {@code Origin} is no {@code scheme://host[:port]}, before
 * Spring's origin check, which fails with a 500 on some (a port like {@code 18401.evil.example}).
 * Clients that send no {@code Origin} (not browsers) are left to the other checks.
 */
record WellFormedOrigin() implements HandshakeInterceptor {

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) {
    String origin = request.getHeaders().getOrigin();
    if (origin == null || wellFormed(origin)) {
      return true;
    }
    response.setStatusCode(HttpStatus.FORBIDDEN);
    return false;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

  static boolean wellFormed(String origin) {
    try {
      URI uri = new URI(origin);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && (uri.getPort() == -1 || (uri.getPort() > 0 && uri.getPort() <= 65_535))
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
