/**
 * CSV export of an account's pulses and the import of such a file. Owns no table.
 */
@ApplicationModule(
    displayName = "Import and export",
    allowedDependencies = {"account", "machine", "pulse", "web", "xp"})
package net.codestats.transfer;

import org.springframework.modulith.ApplicationModule;
