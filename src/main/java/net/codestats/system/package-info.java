/**
 * What every module may use: the typed configuration, the clock, the server secret, rate
 * limits, visible-name rules and the caches (declared in {@link NamedCache},
 * with their metrics). Owns the tables {@code rate_limit_buckets} and {@code shedlock} (scheduled jobs run once across the cluster, see ClusterJobs).
 */
@ApplicationModule(
    displayName = "System",
    allowedDependencies = {})
package net.codestats.system;

import org.springframework.modulith.ApplicationModule;
