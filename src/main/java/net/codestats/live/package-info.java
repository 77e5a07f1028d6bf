/**
 * The live feed (front-page map and profile pushes) and its Phoenix-compatible socket
 * transport, with the cross-node relay. Owns no table.
 */
@ApplicationModule(
    displayName = "Live updates",
    allowedDependencies = {"account", "pulse", "system"})
package net.codestats.live;

import org.springframework.modulith.ApplicationModule;
