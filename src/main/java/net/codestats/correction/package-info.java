/**
 * Corrections: an owner removes XP sent by mistake (one machine's, one language's, a time
 * range's, or a combination) after a preview, and can put it back within a week; a daily job
 * then purges what was kept aside. Built on the pulse module's removal and restoration.
 * <p>Owns the tables {@code corrections}, {@code correction_pulses} and {@code correction_xps}.
 */
@ApplicationModule(
    displayName = "Corrections",
    allowedDependencies = {"account", "machine", "pulse", "system", "web", "xp"})
package net.codestats.correction;

import org.springframework.modulith.ApplicationModule;
