package net.codestats.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Web security. The machine API authenticates with its own token header and is stateless,
 * so it needs no session and no CSRF token; every browser form does.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain web(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            auth -> auth.requestMatchers("/my/**").authenticated().anyRequest().permitAll())
        .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/profile-graph"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                    + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
        .requestCache(cache -> cache.disable());
    return http.build();
  }
}
