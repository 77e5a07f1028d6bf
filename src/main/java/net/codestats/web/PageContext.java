package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What every page's layout needs: who is logged in, the CSRF token for forms, flash
 * messages and the version. How long the page took is the {@code Server-Timing} header's
 * ({@link ServerTimingFilter}), so a page rendered once for many visitors is the same bytes.
 *
 * @param username the logged-in user, or null
 * @param csrf the request's token, read only when a form shows it: reading it makes a session,
 *     which a page without forms (a profile seen by a visitor) must not cost
 * @param admin whether the logged-in user holds the admin role (the navigation links the area)
 */
public record PageContext(
    String username,
    CsrfToken csrf,
    List<Flash> flashes,
    String version,
    boolean admin) {

  /** The request attribute that holds the request's context once a handler has been chosen. */
  public static final String REQUEST_ATTRIBUTE = PageContext.class.getName();

  /** The request's context, when its handler is a page controller's (else null). */
  public static PageContext of(HttpServletRequest request) {
    return request.getAttribute(REQUEST_ATTRIBUTE) instanceof PageContext page ? page : null;
  }

  public PageContext(String username, CsrfToken csrf, List<Flash> flashes, String version) {
    this(username, csrf, flashes, version, false);
  }

  public String csrfParameter() {
    return csrf == null ? "_csrf" : csrf.getParameterName();
  }

  /** The header a script sends the token in (the import's upload). */
  public String csrfHeader() {
    return csrf == null ? "X-XSRF-TOKEN" : csrf.getHeaderName();
  }

  public String csrfToken() {
    return csrf == null ? "" : csrf.getToken();
  }

  public boolean loggedIn() {
    return username != null;
  }

  /** The same page with one more message, for a form shown again with its error. */
  public PageContext withFlash(Flash.Kind kind, String text) {
    var all = new ArrayList<>(flashes);
    all.add(new Flash(kind, text));
    return new PageContext(username, csrf, List.copyOf(all), version, admin);
  }

  /** Nobody logged in and no message to show: the page is the same for every such visitor. */
  public boolean visitorWithoutMessages() {
    return !loggedIn() && flashes.isEmpty();
  }

  /** This context for a page rendered once and served to many visitors. */
  public PageContext forManyVisitors() {
    return new PageContext(null, null, List.of(), version);
  }

  /** A message shown once at the top of the next page (kept in the session until then, which may be shared). */
  public record Flash(Kind kind, String text) implements Serializable {
    public enum Kind {
      INFO,
      SUCCESS,
      ERROR;

      public String cssClass() {
        return "flash-" + name().toLowerCase(Locale.ROOT);
      }
    }
  }
}
