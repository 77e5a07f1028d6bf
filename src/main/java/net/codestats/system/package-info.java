/**
 * What every module may use: the typed configuration, the clock, the server secret, rate
 * limits, visible-name rules and the caches (declared in {@link NamedCache},
 * with their metrics), and the signals between app nodes ({@link ClusterSignals}: one
 * LISTEN/NOTIFY connection per node; {@link ClusterEvent}s committed on one node are
 * re-published on the others). Owns the tables {@code
 * rate_limit_buckets} (limits shared by the nodes) and {@code shedlock} (scheduled jobs run once
 * across the cluster, see {@link ClusterJobs}).
 */
@ApplicationModule(
    displayName = "System",
    allowedDependencies = {})
package net.codestats.system;

import org.springframework.modulith.ApplicationModule;
