package net.codestats.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Web security. The machine API authenticates with its own token header and is stateless,
 * so it needs no session and no CSRF token; every browser form does. Log-in, remember-me and
 * log-out come from the account module as a {@link SitePart}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String LOGIN_PAGE = "/login";

  private static final String PROFILES = "/users/";

  /** Cookies that make a request more than a visitor's: a session, a remembered log-in, a saved page. */
  private static final Set<String> SIGNED_IN_COOKIES = Set.of("JSESSIONID", "remember-me", "REDIRECT_URI");

  static final String CSP = ContentSecurityPolicies.SITE;

  /** For SVG images: they may only style themselves from within. */
  static final String IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

  /**
   * No observations of the security chain at all. Switching them off by name (the property
   * {@code management.observations.enable.spring.security=false}) still wraps every filter of
   * every chain in an observation that then does nothing, on every request (about 1 % of a
   * pulse's CPU in the profile).
   */
  @Bean
  static SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * README badges and cards, SVG images that any page and image proxy (GitHub's) embeds: no
   * session, no log-in, a policy that lets an SVG use only its own inline style, no framing
   * rule (an {@code <img>} is not a frame), and readable from every origin.
   */
  @Bean
  @Order(0)
  SecurityFilterChain embeddableImages(HttpSecurity http) throws Exception {
    http.securityMatcher("/users/*/badge.svg", "/users/*/card.svg")
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .anonymous(Customizer.withDefaults())
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(IMAGE_CSP))
            .frameOptions(frames -> frames.disable())
            .cacheControl(cache -> cache.disable()) // the controller says how long each answer keeps
            .crossOriginResourcePolicy(corp -> corp.policy(
                CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy.CROSS_ORIGIN))
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }

  /**
   * A visitor's read of a profile page: a GET or HEAD of {@code /users/{name}} without a session,
   * a remembered log-in or a page saved for after a log-in. Such a request has nobody to
   * authenticate, no session to load and no form to post, so it skips those filters; whoever
   * sends one of those cookies (perhaps signed in, perhaps the owner of a private profile) goes
   * through the site's chain. The same headers and policy; the CSRF filter stays, so that a
   * form shown on such a page gets its token as on any other page. Nobody is authenticated here
   * (a security context would come from request attributes only, never a session), so a private
   * profile is "not found", as for any visitor.
   */
  @Bean
  @Order(0) // before the site's chain; it shares no path with the other chains
  SecurityFilterChain visitorReads(HttpSecurity http) throws Exception {
    http.securityMatcher(SecurityConfiguration::visitorRead)
        .csrf(
            csrf -> csrf.csrfTokenRepository(csrfCookie())
                .csrfTokenRequestHandler(new LenientCsrfTokenRequestHandler()))
        // the security context from request attributes only (as the API's), never from a session
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .anonymous(anonymous -> anonymous.disable())
        .logout(logout -> logout.disable())
        .exceptionHandling(errors -> errors.disable())
        .headers(SecurityConfiguration::headers);
    return http.build();
  }

  static boolean visitorRead(HttpServletRequest request) {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return false;
    }
    String path = request.getRequestURI();
    if (path == null || !path.startsWith(PROFILES) || path.length() == PROFILES.length()
        || path.indexOf('/', PROFILES.length()) >= 0 || path.indexOf(';') >= 0 || request.getQueryString() != null
        || request.getRequestedSessionId() != null) {
      return false;
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (SIGNED_IN_COOKIES.contains(cookie.getName())) {
          return false;
        }
      }
    }
    return true;
  }

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
