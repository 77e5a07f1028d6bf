package net.codestats.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Web security. The machine API authenticates with its own token header and is stateless,
 * so it needs no session and no CSRF token; every browser form does. Log-in, remember-me and
 * log-out come from the account module as a {@link SitePart}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String LOGIN_PAGE = "/login";

  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

  /** The JSON API: no session, no CSRF, no log-in; each endpoint checks what it needs. */
  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .securityContext(Customizer.withDefaults())
        .anonymous(Customizer.withDefaults())
        .headers(SecurityConfiguration::headers);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain site(HttpSecurity http, ObjectProvider<SitePart> parts) throws Exception {
    http.authorizeHttpRequests(
        auth -> auth.requestMatchers("/error", "/live_update_socket/**")
            .permitAll()
            .requestMatchers("/my/**")
            .authenticated()
            .anyRequest()
            .permitAll())
        // GraphQL reads come from other origins' scripts too; it changes nothing.
        // The token lives in a cookie, not a session: an anonymous form costs the server nothing
        .csrf(
            csrf -> csrf.ignoringRequestMatchers("/profile-graph", "/profile-graph/**")
                .csrfTokenRepository(csrfCookie())
                .csrfTokenRequestHandler(new LenientCsrfTokenRequestHandler()))
        // a page that needed a log-in is shown after it (GET pages only, Spring's default)
        .requestCache(cache -> cache.requestCache(new RelativeRequestCache()))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(loginEntryPoint()))
        .headers(SecurityConfiguration::headers);
    for (SitePart part : parts.orderedStream().toList()) {
      part.configure(http);
    }
    return http.build();
  }

  /** HttpOnly: forms carry the token themselves, scripts send it from the form's field. */
  static CookieCsrfTokenRepository csrfCookie() {
    var repository = new CookieCsrfTokenRepository();
    repository.setCookieCustomizer(cookie -> cookie.httpOnly(true).sameSite("Lax"));
    return repository;
  }

  /** Redirects to the log-in page by path, never to the host the request named. */
  private static LoginUrlAuthenticationEntryPoint loginEntryPoint() {
    var entryPoint = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
    entryPoint.setFavorRelativeUris(true);
    return entryPoint;
  }

  static void headers(HeadersConfigurer<HttpSecurity> headers) {
    headers
        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
        .referrerPolicy(
            referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN));
  }

  /** SameSite=Lax on every cookie we set (session, remember-me), not just the session's. */
  @Bean
  CookieSameSiteSupplier sameSiteLax() {
    return CookieSameSiteSupplier.ofLax();
  }
}
