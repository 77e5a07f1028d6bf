package net.codestats.profile;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import net.codestats.system.RateLimits;
import net.codestats.system.RateLimits.Limit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets {@code /profile-graph} take what the original site's JavaScript sends, a bare GraphQL
 * document as the body (any content type), besides the standard JSON request: the document is
 * rewrapped as {@code {"query": …}}. Bodies are capped, and without an Accept header the answer
 * is plain {@code application/json} as before. Requests per client address are limited (429 with
 * Retry-After), generously: a profile page sends one, a card or badge service one per view.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RawGraphQlDocumentFilter extends OncePerRequestFilter {

  static final String PATH = "/profile-graph";
  static final int MAX_BODY_BYTES = 16 * 1024;

  /** One request a second on average, in bursts of up to 300. */
  static final Limit PER_ADDRESS = new Limit("graphql-address", 300, Duration.ofMinutes(5));

  private static final JsonMapper JSON = JsonMapper.shared();

  private final RateLimits limits;

  RawGraphQlDocumentFilter(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !PATH.equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!"POST".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    long wait = limits.isExempt(address) ? 0 : limits.tryTake(PER_ADDRESS, address);
    if (wait > 0) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      error(response, HttpStatus.TOO_MANY_REQUESTS.value(), "Too many requests: try again in " + wait + " s.");
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "Request body too large: at most " + MAX_BODY_BYTES + " bytes.");
      return;
    }
    if (!isJsonRequest(request, body)) {
      String document = new String(body, StandardCharsets.UTF_8);
      body = JSON.writeValueAsBytes(Map.of("query", document));
    }
    chain.doFilter(new JsonBodyRequest(request, body), response);
  }

  /** A GraphQL-shaped error; readable by other origins' scripts, as the API's answers are. */
  private static void error(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.RETRY_AFTER);
    response.getWriter().write(JSON.writeValueAsString(Map.of("errors", List.of(Map.of("message", message)))));
  }

  /** A JSON object body is a standard request; anything else is a bare document. */
  private static boolean isJsonRequest(HttpServletRequest request, byte[] body) {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      return false;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject();
    } catch (JacksonException e) {
      return false;
    }
  }

  private static final class JsonBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final boolean defaultAccept;

    JsonBodyRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
      String accept = request.getHeader(HttpHeaders.ACCEPT);
      this.defaultAccept = accept == null || accept.isBlank() || accept.strip().equals("*/*");
    }

    @Override
    public String getContentType() {
      return MediaType.APPLICATION_JSON_VALUE;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public String getCharacterEncoding() {
      return StandardCharsets.UTF_8.name();
    }

    @Override
    public String getHeader(String name) {
      if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
        return MediaType.APPLICATION_JSON_VALUE;
      }
      if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
        return Integer.toString(body.length);
      }
      if (HttpHeaders.ACCEPT.equalsIgnoreCase(name) && defaultAccept) {
        return MediaType.APPLICATION_JSON_VALUE;
      }
      return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
          || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
          || (HttpHeaders.ACCEPT.equalsIgnoreCase(name) && defaultAccept)) {
        return Collections.enumeration(List.of(getHeader(name)));
      }
      return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      var names = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
      Collections.list(super.getHeaderNames()).forEach(names::add);
      names.add(HttpHeaders.CONTENT_TYPE);
      names.add(HttpHeaders.CONTENT_LENGTH);
      if (defaultAccept) {
        names.add(HttpHeaders.ACCEPT);
      }
      return Collections.enumeration(names);
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }
      };
    }
  }
}
