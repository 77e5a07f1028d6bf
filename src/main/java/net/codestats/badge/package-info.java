/**
 * README badges and cards ({@code /users/{name}/badge.svg}, {@code /users/{name}/card.svg}):
 * SVG drawn from a profile's public figures with a vendored font-metrics table, served from a
 * cache keyed by those figures. Owns no table.
 */
@ApplicationModule(
    displayName = "Badges and cards",
    allowedDependencies = {"account", "profile", "system", "xp"})
package net.codestats.badge;

import org.springframework.modulith.ApplicationModule;
