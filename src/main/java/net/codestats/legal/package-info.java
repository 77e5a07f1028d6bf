/**
 * The versioned terms of service and the consent gate that asks for the current ones.
 * Records acceptance through the account module; owns no table.
 */
@ApplicationModule(
    displayName = "Legal terms",
    allowedDependencies = {"account", "web"})
package net.codestats.legal;

import org.springframework.modulith.ApplicationModule;
