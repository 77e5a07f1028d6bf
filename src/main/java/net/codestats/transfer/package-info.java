/**
 * CSV export of an account's pulses (and of its corrections) and the import of such a file, both
 * on the pulse module's API. Owns no table.
 */
@ApplicationModule(
    displayName = "Import and export",
    allowedDependencies = {"account", "correction", "machine", "pulse", "system", "web"})
package net.codestats.transfer;

import org.springframework.modulith.ApplicationModule;
