package net.codestats.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import net.codestats.system.RateLimits;
import net.codestats.system.RateLimits.Limit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits on log-in, sign-up and password reset, per client address and per account name:
 * beyond them the answer is 429 with Retry-After. Only failed log-ins count against an
 * account, so that its owner is not locked out by their own successes. The client address is
 * the connection's, or the one a configured trusted proxy forwarded
 * ({@code server.tomcat.remoteip.internal-proxies}).
 */
class AuthAttemptLimits extends OncePerRequestFilter {

  static final Limit LOGIN_PER_ADDRESS = new Limit("login-address", 30, Duration.ofMinutes(5));
  static final Limit LOGIN_FAILURES_PER_ACCOUNT = new Limit("login-account", 10, Duration.ofMinutes(15));
  static final Limit SIGNUP_PER_ADDRESS = new Limit("signup-address", 10, Duration.ofHours(1));
  static final Limit RESET_PER_ADDRESS = new Limit("reset-address", 10, Duration.ofHours(1));
  static final Limit RESET_PER_ACCOUNT = new Limit("reset-account", 3, Duration.ofHours(1));

  private final RateLimits limits;

  AuthAttemptLimits(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long wait = check(request);
    if (wait > 0) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
      return;
    }
    chain.doFilter(request, response);
  }

  /** Seconds to wait, or 0 when the attempt may go ahead. */
  private long check(HttpServletRequest request) {
    String path = request.getRequestURI();
    String address = request.getRemoteAddr();
    boolean exempt = limits.isExempt(address);
    switch (path) {
      case "/login" -> {
        long wait = exempt ? 0 : limits.tryTake(LOGIN_PER_ADDRESS, address);
        return wait > 0 ? wait : limits.secondsUntilAllowed(LOGIN_FAILURES_PER_ACCOUNT, account(request, "username"));
      }
      case "/signup" -> {
        return exempt ? 0 : limits.tryTake(SIGNUP_PER_ADDRESS, address);
      }
      case "/forgot-password" -> {
        long wait = exempt ? 0 : limits.tryTake(RESET_PER_ADDRESS, address);
        return wait > 0 ? wait : limits.tryTake(RESET_PER_ACCOUNT, account(request, "username"));
      }
      default -> {
        if (path.startsWith("/reset-password/") && !exempt) {
          return limits.tryTake(RESET_PER_ADDRESS, address);
        }
        return 0;
      }
    }
  }

  void failedLogin(HttpServletRequest request) {
    limits.tryTake(LOGIN_FAILURES_PER_ACCOUNT, account(request, "username"));
  }

  private static String account(HttpServletRequest request, String parameter) {
    String value = request.getParameter(parameter);
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }
}
