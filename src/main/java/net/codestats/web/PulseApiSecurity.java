package net.codestats.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The pulse API's own filter chain: the busiest endpoint, hit by every editor every few
 * seconds. It authenticates by the machine token in its controller and keeps no state, so
 * of the security filters it needs only the response headers (the same as the rest of the
 * JSON API's): no security context, session, CSRF, request cache, anonymous user, servlet
 * API wrapper, log-out or authorization filter, each of which cost every pulse time.
 */
@Configuration(proxyBeanMethods = false)
class PulseApiSecurity {

  /** The paths of {@code POST /api/my/pulses}; {@code /api//my/pulses} arrives collapsed. */
  static final String[] PATHS = {"/api/my/pulses", "/api/my/pulses/"};

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain pulseApi(HttpSecurity http) throws Exception {
    http.securityMatcher(PATHS)
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.disable())
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable())
        .anonymous(anonymous -> anonymous.disable())
        .servletApi(servletApi -> servletApi.disable())
        .logout(logout -> logout.disable())
        .exceptionHandling(errors -> errors.disable())
        .headers(SecurityConfiguration::headers);
    return http.build();
  }
}
