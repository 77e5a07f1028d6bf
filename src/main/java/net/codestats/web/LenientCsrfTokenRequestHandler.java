package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's masked CSRF tokens (its default handler), except that a posted token which
 * does not unmask to UTF-8 text counts as a wrong token (403) instead of escaping as an
 * {@link IllegalArgumentException} (500).
 */
final class LenientCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

  private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
    masked.handle(request, response, csrfToken);
  }

  @Override
  public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
    try {
      return masked.resolveCsrfTokenValue(request, csrfToken);
    } catch (IllegalArgumentException undecodable) {
      return null;
    }
  }
}
