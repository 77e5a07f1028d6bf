package net.codestats.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.codestats.admin.views.ServiceOverview.ServerError;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last server errors (5xx answers and exceptions that escaped the controllers), in memory
 * and for this node only: enough for an operator to notice that something is failing, without
 * a log search. The oldest are forgotten beyond {@link #KEPT}.
 */
@Component
class RecentErrors extends OncePerRequestFilter {

  static final int KEPT = 200;

  private final Clock clock;
  private final Deque<ServerError> errors = new ArrayDeque<>();

  RecentErrors(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      note(500, request);
      throw e;
    }
    if (response.getStatus() >= 500) {
      note(response.getStatus(), request);
    }
  }

  private void note(int status, HttpServletRequest request) {
    // the path only: a query string may carry what the log must not keep
    var error = new ServerError(clock.instant(), status, request.getMethod(), request.getRequestURI());
    synchronized (errors) {
      errors.addFirst(error);
      while (errors.size() > KEPT) {
        errors.removeLast();
      }
    }
  }

  /** Newest first. */
  List<ServerError> recent() {
    synchronized (errors) {
      return new ArrayList<>(errors);
    }
  }

  long since(Duration ago) {
    Instant from = clock.instant().minus(ago);
    return recent().stream().filter(e -> e.at().isAfter(from)).count();
  }
}
