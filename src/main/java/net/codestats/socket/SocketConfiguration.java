package net.codestats.socket;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import net.codestats.system.CodeStatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
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
@EnableConfigurationProperties(SocketConfiguration.Settings.class)
class SocketConfiguration implements WebSocketConfigurer {

  /**
   * @param maxSockets the most live sockets open at once; 0: as many as the heap holds
   * @param maxSocketsPerAddress the most one client address holds
   * @param tomcatFrameShortcut sends pushes through Tomcat's package-private whole-frame send,
   *     encoded once for all sockets instead of once per socket ({@link TomcatTextFrames})
   * @param sendLinger how long a socket that just wrote waits before its next write, so that
   *     the pushes meanwhile go out together ({@link SendScheduler})
   */
  @ConfigurationProperties("codestats.live")
  record Settings(
      @DefaultValue("0") int maxSockets,
      @DefaultValue("50") int maxSocketsPerAddress,
      @DefaultValue("false") boolean tomcatFrameShortcut,
      @DefaultValue("20ms") Duration sendLinger) {
    Settings {
      if (sendLinger.compareTo(Duration.ofMillis(1)) < 0 || sendLinger.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("codestats.live.send-linger must lie between 1ms and 5s: " + sendLinger);
      }
    }
  }

  private static final Logger log = LoggerFactory.getLogger(SocketConfiguration.class);
  static final String PATH = "/live_update_socket/websocket";

  private final PhoenixSocketHandler handler;
  private final ChannelTokens tokens;
  private final CodeStatsProperties properties;
  private final SocketsPerAddress perAddress;
  private final int maxSockets;

  SocketConfiguration(
      PhoenixSocketHandler handler,
      ChannelTokens tokens,
      CodeStatsProperties properties,
      SocketsPerAddress perAddress,
      Settings settings) {
    this.handler = handler;
    this.tokens = tokens;
    this.properties = properties;
    this.perAddress = perAddress;
    this.maxSockets = maxSockets(settings.maxSockets(), Runtime.getRuntime().maxMemory());
  }

  /** The standard send unless the shortcut is asked for and this Tomcat has it. */
  @Bean
  static TextFrames textFrames(Settings settings) {
    if (!settings.tomcatFrameShortcut()) {
      return new TextFrames.Standard();
    }
    if (!TomcatTextFrames.available()) {
      log.warn(
          "codestats.live.tomcat-frame-shortcut: this Tomcat has no whole-frame send, pushes are encoded per socket");
      return new TextFrames.Standard();
    }
    return new TomcatTextFrames();
  }

  /** Heap kept for everything but live sockets when the limit comes from the heap size. */
  static final long HEAP_RESERVE = 128L << 20;
  /**
   * Heap one open live socket takes (Tomcat's session, buffers and connection; ours): measured
   * 33.5 KB (live heap after a full GC, 3,000 joined sockets against none) with 2 KB session
   * buffers and a 1,024-char client message limit.
   */
  static final long HEAP_PER_SOCKET = 34L << 10;

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
   * Per-socket memory, which 10,000 open live sockets multiply: the connection's own read and
   * write buffers here; Tomcat's session buffers (8 KiB each by default) are a JVM flag, see
   * {@link SessionBuffers}, and the text message buffer is below. Clients send only small
   * Phoenix messages and the pushes are a few hundred bytes, so smaller buffers cost nothing
   * but memory; longer messages still go out, in several frames.
   */
  @Bean
  TomcatConnectorCustomizer liveSocketBuffers() {
    if (System.getProperty(SessionBuffers.PROPERTY) == null) {
      log.info("Live sockets take Tomcat's default 8 KiB session buffers: -D{}={} saves memory",
          SessionBuffers.PROPERTY, SessionBuffers.BYTES);
    }
    return connector -> {
      connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_READ_BUFFER_BYTES));
      connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER_BYTES));
    };
  }

  static final int SESSION_BUFFER_BYTES = SessionBuffers.BYTES;
  /** clients send only small frames; larger reads go straight into the frame buffer */
  static final int SOCKET_READ_BUFFER_BYTES = 1024;
  /** also the most one write system call takes: a batch of queued pushes */
  static final int SOCKET_WRITE_BUFFER_BYTES = 4096;
  /** chars; a join (topic up to 300 chars, refs up to 64), leave or heartbeat is far smaller */
  static final int MAX_CLIENT_MESSAGE = 1024;

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
  record TokenInterceptor(ChannelTokens tokens, IntSupplier openSockets,
      int maxSockets) implements HandshakeInterceptor {
    @Override
    public boolean beforeHandshake(
        ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
        Map<String, Object> attributes) {
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
      return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
  }
}
