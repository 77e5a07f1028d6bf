package net.codestats.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * The site's CSRF handling and response headers, for a module's own filter chain (the admin
 * area's): its forms then take the same token cookie, and its pages get the same policy.
 */
public final class SiteSecurity {

  private SiteSecurity() {}

  public static HttpSecurity csrfAndHeaders(HttpSecurity http) throws Exception {
    return http.csrf(
        csrf -> csrf.csrfTokenRepository(SecurityConfiguration.csrfCookie())
            .csrfTokenRequestHandler(new LenientCsrfTokenRequestHandler()))
        .headers(SecurityConfiguration::headers);
  }
}
