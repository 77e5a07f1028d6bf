package net.codestats.live;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.IntSupplier;
import net.codestats.system.CodeStatsProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
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
  private final SocketsPerAddress perAddress;
  private final int maxSockets;

  LiveConfiguration(
      PhoenixSocketHandler handler,
      ChannelTokens tokens,
      CodeStatsProperties properties,
      SocketsPerAddress perAddress,
      @Value("${codestats.live.max-sockets:0}") int maxSockets) {
    this.handler = handler;
    this.tokens = tokens;
    this.properties = properties;
    this.perAddress = perAddress;
    this.maxSockets = maxSockets(maxSockets, Runtime.getRuntime().maxMemory());
  }

  /** Heap kept for everything but live sockets when the limit comes from the heap size. */
  static final long HEAP_RESERVE = 128L << 20;
  /**
   * Heap one open live socket takes (Tomcat's session, buffers and connection; ours): measured
   * about 40 KB with a 4,096-char client message buffer.
   */
  static final long HEAP_PER_SOCKET = 40L << 10;

  /**
   * The most live sockets open at once: as configured, else as many as the heap holds (about
   * 3,000 with 256 MB, 20,000 with 1 GB). More would end in an OutOfMemoryError for the whole
   * server; beyond the limit a handshake gets 503 and the client retries later.
   */
  static int maxSockets(int configured, long maxHeap) {
    if (configured > 0) {
      return configured;
    }
    return (int) Math.max(100, Math.min(Integer.MAX_VALUE, (maxHeap - HEAP_RESERVE) / HEAP_PER_SOCKET));
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, PATH)
        .addInterceptors(
            new WellFormedOrigin(), new TokenInterceptor(tokens, handler::openConnections, maxSockets), perAddress)
        .setAllowedOrigins(origin(properties.publicUrl()));
  }

  /**
   * Per-socket memory, which 10,000 open live sockets multiply: Tomcat gives every WebSocket
   * session fixed buffers (frame input, output, UTF-8 encoding: 8 KiB each by default, and the
   * text message buffer below) besides the connection's own read and write buffers. Clients
   * send only small Phoenix messages and the pushes are a few hundred bytes, so smaller buffers
   * cost nothing but memory; longer messages still go out, in several frames. Set here because
   * Tomcat reads the property once, when it starts its WebSocket support.
   */
  @Bean
  TomcatConnectorCustomizer liveSocketBuffers() {
    System.getProperties().putIfAbsent(TOMCAT_WEBSOCKET_BUFFER, Integer.toString(SESSION_BUFFER_BYTES));
    return connector -> {
      connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
      connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
    };
  }

  static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
  static final int SESSION_BUFFER_BYTES = 4096;
  static final int SOCKET_BUFFER_BYTES = 4096;
  /** chars; Phoenix joins, leaves and heartbeats are far smaller */
  static final int MAX_CLIENT_MESSAGE = 2048;

  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    var container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(MAX_CLIENT_MESSAGE);
    container.setMaxBinaryMessageBufferSize(1024);
    // clients send a heartbeat every 30 s
    container.setMaxSessionIdleTimeout(90_000L);
    return container;
  }

  static String origin(URI publicUrl) {
    String origin = publicUrl.getScheme() + "://" + publicUrl.getHost();
    return publicUrl.getPort() < 0 ? origin : origin + ":" + publicUrl.getPort();
  }

  /**
   * Refuses a connection with an invalid token, and any while {@code maxSockets} are open;
   * notes the protocol version asked for.
   */
  record TokenInterceptor(ChannelTokens tokens, IntSupplier openSockets, int maxSockets) implements HandshakeInterceptor {
    @Override
    public boolean beforeHandshake(
        ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Map<String, Object> attributes) {
      if (!wellFormedQuery(request)) {
        // Tomcat's upgrade parses the request URI strictly and would fail with a 500
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        return false;
      }
      if (openSockets.getAsInt() >= maxSockets) {
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
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
