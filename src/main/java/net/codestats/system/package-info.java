/**
 * What every module may use: the typed configuration, the clock, the server secret, rate
 * limits, visible-name rules and the caches (declared in {@link NamedCache},
 * with their metrics). Owns no table.
 */
@ApplicationModule(
    displayName = "System",
    allowedDependencies = {})
package net.codestats.system;

import org.springframework.modulith.ApplicationModule;
