/**
 * GeoIP: coarse coordinates of a client address, for the front-page map. Owns no table.
 */
@ApplicationModule(
    displayName = "GeoIP",
    allowedDependencies = {})
package net.codestats.geo;

import org.springframework.modulith.ApplicationModule;
