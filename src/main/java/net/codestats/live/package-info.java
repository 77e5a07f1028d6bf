/**
 * The live feed: what the front-page map, the XP chart and the profiles get pushed as pulses
 * are stored (here or on another node), who may follow which profile, the front page. The
 * socket it is pushed over is {@code socket}'s; and the {@code refetch} push when a user's figures were
 * recomputed. Owns no table.
 */
@ApplicationModule(
    displayName = "Live updates",
    allowedDependencies = {"account", "geo", "pulse", "socket", "system", "web", "xp"})
package net.codestats.live;

import org.springframework.modulith.ApplicationModule;
