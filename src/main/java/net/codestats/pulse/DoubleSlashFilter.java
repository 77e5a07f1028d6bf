package net.codestats.pulse;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code /api//my/pulses} (a popular plugin's default) as {@code /api/my/pulses},
 * directly: some clients give up on any redirect.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DoubleSlashFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String uri = request.getRequestURI();
    if (!uri.contains("//")) {
      chain.doFilter(request, response);
      return;
    }
    chain.doFilter(new CollapsedPathRequest(request), response);
  }

  static String collapse(String path) {
    return path == null ? null : path.replaceAll("/{2,}", "/");
  }

  private static final class CollapsedPathRequest extends HttpServletRequestWrapper {
    CollapsedPathRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getRequestURI() {
      return collapse(super.getRequestURI());
    }

    @Override
    public String getServletPath() {
      return collapse(super.getServletPath());
    }

    @Override
    public String getPathInfo() {
      return collapse(super.getPathInfo());
    }

    @Override
    public StringBuffer getRequestURL() {
      StringBuffer url = super.getRequestURL();
      String uri = super.getRequestURI();
      int at = url.lastIndexOf(uri);
      return at < 0 ? url : new StringBuffer(url.substring(0, at)).append(collapse(uri));
    }
  }
}
