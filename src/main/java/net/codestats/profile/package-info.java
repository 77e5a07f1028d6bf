/**
 * Public profiles: the profile page, the JSON API and GraphQL, with their cache and limits.
 * Owns no table.
 */
@ApplicationModule(
    displayName = "Profiles",
    allowedDependencies = {"account", "machine", "pulse", "socket", "system", "transfer", "web", "xp"})
package net.codestats.profile;

import org.springframework.modulith.ApplicationModule;
