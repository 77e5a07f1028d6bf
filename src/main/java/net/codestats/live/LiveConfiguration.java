package net.codestats.live;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import net.codestats.system.CodeStatsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The live socket at {@code /live_update_socket/websocket}: browsers only from our own origin
 * (or the configured public URL), an optional channel token that must be valid when given.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableScheduling
class LiveConfiguration implements WebSocketConfigurer {

  static final String PATH = "/live_update_socket/websocket";

  private final PhoenixSocketHandler handler;
  private final ChannelTokens tokens;
  private final CodeStatsProperties properties;

  LiveConfiguration(PhoenixSocketHandler handler, ChannelTokens tokens, CodeStatsProperties properties) {
    this.handler = handler;
    this.tokens = tokens;
    this.properties = properties;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, PATH)
        .addInterceptors(new TokenInterceptor(tokens))
        .setAllowedOrigins(origin(properties.publicUrl()));
  }

  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    var container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(16 * 1024);
    container.setMaxBinaryMessageBufferSize(1024);
    // clients send a heartbeat every 30 s
    container.setMaxSessionIdleTimeout(90_000L);
    return container;
  }

  static String origin(URI publicUrl) {
    String origin = publicUrl.getScheme() + "://" + publicUrl.getHost();
    return publicUrl.getPort() < 0 ? origin : origin + ":" + publicUrl.getPort();
  }

  /** Refuses a connection with an invalid token; notes the protocol version asked for. */
  record TokenInterceptor(ChannelTokens tokens) implements HandshakeInterceptor {
    @Override
    public boolean beforeHandshake(
        ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes) {
      if (!wellFormedQuery(request)) {
        // Tomcat's upgrade parses the request URI strictly and would fail with a 500
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        return false;
      }
      var params = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
      String token = decode(params.getFirst("token"));
      if (token != null && !token.isEmpty()) {
        var userId = tokens.verify(token);
        if (userId.isEmpty()) {
          response.setStatusCode(HttpStatus.FORBIDDEN);
          return false;
        }
        attributes.put(PhoenixSocketHandler.USER_ID, userId.get());
      }
      // Phoenix's default without vsn is the version 1 (object) format
      String vsn = params.getFirst("vsn");
      attributes.put(PhoenixSocketHandler.V1, vsn == null || !vsn.startsWith("2."));
      return true;
    }

    @Override
    public void afterHandshake(
        ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

    /** Whether the raw query string is a valid URI query (every {@code %} starts an escape). */
    static boolean wellFormedQuery(ServerHttpRequest request) {
      if (!(request instanceof ServletServerHttpRequest servlet)) {
        return true;
      }
      String query = servlet.getServletRequest().getQueryString();
      if (query == null) {
        return true;
      }
      try {
        new URI("ws://localhost/?" + query);
        return true;
      } catch (URISyntaxException e) {
        return false;
      }
    }

    private static String decode(String value) {
      return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
