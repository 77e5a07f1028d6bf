package net.codestats.legal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.web.UserIdentity;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sends a logged-in user whose accepted legal terms are older than the current ones to
 * {@code /my/consent} on every page until they accept (or delete the account). The API,
 * static files and the pages needed to decide stay reachable. A session whose account was
 * deleted meanwhile (in another browser) is ended. Both from the accounts' look-up memory, which
 * every change retires once committed (on every node).
 */
@Configuration(proxyBeanMethods = false)
class ConsentGate implements WebMvcConfigurer, HandlerInterceptor {

  private static final List<String> OPEN_PATHS =
      List.of(
          "/my/consent",
          "/logout",
          "/tos",
          "/changes",
          "/support",
          "/error",
          "/css/**",
          "/js/**",
          "/img/**",
          "/favicon.ico",
          "/api/**",
          "/profile-graph/**",
          "/profile-graph",
          "/live_update_socket/**",
          "/avatar/**",
          "/actuator/**",
          "/my/preferences/delete",
          "/my/pulses",
          "/my/export/**");

  private final Accounts accounts;
  private final LegalTerms terms;

  ConsentGate(Accounts accounts, LegalTerms terms) {
    this.accounts = accounts;
    this.terms = terms;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/**").excludePathPatterns(OPEN_PATHS);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !(authentication.getPrincipal() instanceof UserIdentity user)) {
      return true;
    }
    if (accounts.lookUp(user.userId()).isEmpty()) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      SecurityContextHolder.clearContext();
      response.sendRedirect("/login");
      return false;
    }
    LocalDate accepted = accounts.termsAccepted(user.userId()).orElse(null);
    if (terms.isCurrent(accepted)) {
      return true;
    }
    response.setStatus("GET".equals(request.getMethod()) ? 302 : 303);
    response.setHeader("Location", "/my/consent");
    return false;
  }
}
