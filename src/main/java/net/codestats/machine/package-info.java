/**
 * Machines and their API tokens, and the machine pages. Owns the table {@code machines}.
 */
@ApplicationModule(
    displayName = "Machines",
    allowedDependencies = {"system", "web"})
package net.codestats.machine;

import org.springframework.modulith.ApplicationModule;
