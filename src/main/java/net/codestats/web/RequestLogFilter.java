package net.codestats.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per request: method, path, status, time. Deliberately no headers and no query
 * string, so that tokens and other secrets never reach the logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLogFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger("net.codestats.requests");

  /** Password reset links carry their secret in the path: it stays out of the log. */
  static String loggablePath(String path) {
    return path != null && path.startsWith("/reset-password/") ? "/reset-password/[redacted]" : path;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      if (log.isInfoEnabled()) {
        log.info(
            "{} {} {} {}ms",
            request.getMethod(),
            loggablePath(request.getRequestURI()),
            response.getStatus(),
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}
