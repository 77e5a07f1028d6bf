package net.codestats.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A module's share of the site's security set-up (log-in, remember-me, extra filters). The
 * security configuration applies every such bean to the site's filter chain, so that {@code
 * system} needs to know no module above it.
 */
@FunctionalInterface
public interface SitePart {
  void configure(HttpSecurity http) throws Exception;
}
