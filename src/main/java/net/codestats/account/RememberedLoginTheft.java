package net.codestats.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.rememberme.CookieTheftException;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A remember-me cookie whose series is known but whose token was already rotated away has
 * been copied: the copy and the original were both used. Spring Security then revokes every
 * remembered log-in of the user; here every session of the user ends too (the thief's among
 * them), and the browser that showed the old cookie gets the log-in page with a message
 * instead of an error.
 */
final class RememberedLoginTheft {

  static final String MESSAGE =
      "Your remembered log-in was used by another browser, so it may have been copied: every session of your account"
          + " has been logged out. Log in again, and change your password if this was not you.";
  private static final Logger log = LoggerFactory.getLogger(RememberedLoginTheft.class);

  private RememberedLoginTheft() {}

  /**
   * Remember-me services over {@link DigestedRememberedLogins} that end the user's sessions
   * when they detect a stolen cookie.
   */
  static final class Services extends PersistentTokenBasedRememberMeServices {

    private final PersistentTokenRepository tokens;
    private final UserSessions sessions;

    Services(String key, SiteUsers users, PersistentTokenRepository tokens, UserSessions sessions) {
      super(key, users, tokens);
      this.tokens = tokens;
      this.sessions = sessions;
    }

    @Override
    protected UserDetails processAutoLoginCookie(String[] cookie, HttpServletRequest request,
        HttpServletResponse response) {
      // read before the check, which deletes every token of the user on theft
      PersistentRememberMeToken stored = cookie.length == 2 ? tokens.getTokenForSeries(cookie[0]) : null;
      // the table holds the token's digest: compare the presented token's (the new token
      // that replaces it goes to the cookie as it is, and to the table digested)
      String[] presented = cookie.length == 2
          ? new String[] {cookie[0], DigestedRememberedLogins.digest(cookie[1])}
          : cookie;
      try {
        return super.processAutoLoginCookie(presented, request, response);
      } catch (CookieTheftException e) {
        if (stored != null) {
          log.warn("A rotated remember-me cookie of {} was used again: ending all its sessions", stored.getUsername());
          sessions.endAll(stored.getUsername(), null);
        }
        throw e;
      }
    }
  }

  /** Shows the log-in page with {@link #MESSAGE} where the theft would be a server error. */
  static final class LoginPageOnTheft extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      try {
        chain.doFilter(request, response);
      } catch (CookieTheftException e) {
        if (response.isCommitted()) {
          throw e;
        }
        AccountSecurity.flashError(request, response, MESSAGE, null);
        response.sendRedirect("/login");
      }
    }
  }
}
