package net.codestats.admin;

import net.codestats.web.SiteSecurity;
import net.codestats.web.UserIdentity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.Http403ForbiddenEntryPoint;

/**
 * The admin area's own filter chain: every request under {@code /admin} needs a logged-in
 * admin, asked of {@link AdminRoles} each time (a revoked role counts from the next request).
 * Anybody else gets 403, visitors too (no log-in redirect: the area does not announce itself),
 * and a form without the CSRF token is refused before the role is even asked. Sessions are the
 * site's (same cookie, same CSRF token, a session the site ended is ended here too).
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain admin(HttpSecurity http, AdminRoles roles, SessionRegistry sessions) throws Exception {
    SiteSecurity.csrfAndHeaders(http.securityMatcher("/admin", "/admin/**"))
        .authorizeHttpRequests(
            auth -> auth.anyRequest()
                .access((authentication, context) -> new AuthorizationDecision(isAdmin(authentication.get(), roles))))
        .requestCache(cache -> cache.disable())
        .sessionManagement(session -> session.maximumSessions(-1).sessionRegistry(sessions).expiredUrl("/login"))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(new Http403ForbiddenEntryPoint()));
    return http.build();
  }

  private static boolean isAdmin(Authentication authentication, AdminRoles roles) {
    return authentication != null
        && authentication.isAuthenticated()
        && authentication.getPrincipal() instanceof UserIdentity user
        && roles.isAdmin(user.userId());
  }
}
