package net.codestats.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import net.codestats.system.RateLimits;
import net.codestats.system.RateLimits.Limit;
import net.codestats.system.VisibleNames;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits on log-in, sign-up and password reset (429 with Retry-After beyond them). The
 * client address is the connection's, or the one a configured trusted proxy forwarded
 * ({@code server.tomcat.remoteip.internal-proxies}).
 *
 * <p>Log-in, so that nobody can lock an owner out of their account (OWASP's approach):
 *
 * <ul>
 *   <li>each address has a budget of attempts, whatever the accounts;
 *   <li>failures are counted per account <em>and</em> client: a client that failed too often
 *       on an account gets 429 for it, other clients do not. The client is the browser's
 *       {@linkplain LoginDevices device cookie} for the account when it has one, else its
 *       address;
 *   <li>failures from clients without a device cookie also count per account; beyond that
 *       budget, such clients (a stranger guessing, or the owner on a new computer) are slowed
 *       down, never refused. The owner's own browsers are not slowed at all.
 * </ul>
 *
 * Addresses in {@code codestats.rate-limit.exempt-addresses} are neither limited nor slowed
 * at log-in and sign-up (only the per-account budget of reset mails applies to them); with
 * {@code codestats.rate-limit.enabled=false} nothing is limited (see {@link RateLimits}).
 */
class AuthAttemptLimits extends OncePerRequestFilter {

  static final Limit LOGIN_PER_ADDRESS = new Limit("login-address", 30, Duration.ofMinutes(5));
  static final Limit LOGIN_FAILURES_PER_CLIENT = new Limit("login-client-account", 10, Duration.ofMinutes(15));
  static final Limit LOGIN_FAILURES_PER_ACCOUNT = new Limit("login-account", 10, Duration.ofMinutes(15));
  /** How long a log-in of an account under attack waits, unless the browser has its device cookie. */
  static final Duration SLOW_DOWN = Duration.ofSeconds(2);
  static final Limit SIGNUP_PER_ADDRESS = new Limit("signup-address", 10, Duration.ofHours(1));
  static final Limit RESET_PER_ADDRESS = new Limit("reset-address", 10, Duration.ofHours(1));
  static final Limit RESET_PER_ACCOUNT = new Limit("reset-account", 3, Duration.ofHours(1));

  private final RateLimits limits;
  private final LoginDevices devices;

  AuthAttemptLimits(RateLimits limits, LoginDevices devices) {
    this.limits = limits;
    this.devices = devices;
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
        return exempt ? 0 : checkLogin(request, address);
      }
      case "/signup" -> {
        return exempt ? 0 : limits.tryTake(SIGNUP_PER_ADDRESS, address);
      }
      case "/forgot-password" -> {
        // the per-account budget protects the owner's inbox, from exempt addresses too
        long wait = exempt ? 0 : limits.tryTake(RESET_PER_ADDRESS, address);
        return wait > 0 ? wait : limits.tryTake(RESET_PER_ACCOUNT, account(request));
      }
      default -> {
        return path.startsWith("/reset-password/") && !exempt ? limits.tryTake(RESET_PER_ADDRESS, address) : 0;
      }
    }
  }

  private long checkLogin(HttpServletRequest request, String address) {
    long wait = limits.tryTake(LOGIN_PER_ADDRESS, address);
    if (wait > 0) {
      return wait;
    }
    String account = account(request);
    Optional<String> device = devices.device(request, account);
    wait = limits.secondsUntilAllowed(LOGIN_FAILURES_PER_CLIENT, clientKey(device, address, account));
    if (wait > 0) {
      return wait;
    }
    if (device.isEmpty() && limits.secondsUntilAllowed(LOGIN_FAILURES_PER_ACCOUNT, account) > 0) {
      slowDown();
    }
    return 0;
  }

  /** Counts a failed log-in (called by the failure handler, after the password was checked). */
  void failedLogin(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    if (limits.isExempt(address)) {
      return;
    }
    String account = account(request);
    Optional<String> device = devices.device(request, account);
    limits.tryTake(LOGIN_FAILURES_PER_CLIENT, clientKey(device, address, account));
    if (device.isEmpty()) {
      limits.tryTake(LOGIN_FAILURES_PER_ACCOUNT, account);
    }
  }

  private static String clientKey(Optional<String> device, String address, String account) {
    return device.map(nonce -> "device " + nonce).orElse("address " + address) + '\n' + account;
  }

  private static void slowDown() {
    try {
      Thread.sleep(SLOW_DOWN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String account(HttpServletRequest request) {
    return accountKey(request.getParameter("username"));
  }

  /**
   * An account name as limits and device cookies key it: NFKC, without surrounding space,
   * lower case (the spellings that log in to one account count as one). Longer than any name
   * can be, it names no account and is cut, so that a flood of long names cannot fill memory.
   */
  static String accountKey(String username) {
    if (username == null) {
      return "";
    }
    String name = username.length() > 4 * Accounts.MAX_USERNAME_LENGTH
        ? username.substring(0, 4 * Accounts.MAX_USERNAME_LENGTH)
        : username;
    return VisibleNames.normalise(name).strip().toLowerCase(Locale.ROOT);
  }
}
