package net.codestats.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells how long the server took for a page, up to its first byte, in a {@code Server-Timing}
 * header ({@code app;dur=1.2}, in milliseconds), which browsers' developer tools show. A
 * header rather than a line in the page, so that a page cached as bytes stays those bytes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ServerTimingFilter extends OncePerRequestFilter {

  static final String HEADER = "Server-Timing";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, new Timed(response, System.nanoTime()));
  }

  /** Adds the header to an HTML response just before its body starts, while headers can still be set. */
  private static final class Timed extends HttpServletResponseWrapper {

    private final long startedNanos;
    private boolean timed;

    Timed(HttpServletResponse response, long startedNanos) {
      super(response);
      this.startedNanos = startedNanos;
    }

    private void time() {
      if (timed) {
        return;
      }
      timed = true;
      String type = getContentType();
      if (type != null && type.startsWith("text/html") && !isCommitted()) {
        double millis = (System.nanoTime() - startedNanos) / 1_000_000.0;
        setHeader(HEADER, String.format(Locale.ROOT, "app;dur=%.1f", millis));
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      time();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      time();
      return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      time();
      super.flushBuffer();
    }
  }
}
