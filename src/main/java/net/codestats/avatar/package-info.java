/**
 * The Gravatar proxy: avatars are fetched by the server so that a visitor's browser never
 * learns a user's e-mail digest. Owns no table.
 */
@ApplicationModule(
    displayName = "Avatars",
    allowedDependencies = {"account", "system"})
package net.codestats.avatar;

import org.springframework.modulith.ApplicationModule;
