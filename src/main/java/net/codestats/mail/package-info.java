/**
 * Sending e-mail through the configured SMTP server. Owns no table.
 */
@ApplicationModule(
    displayName = "Mail",
    allowedDependencies = {})
package net.codestats.mail;

import org.springframework.modulith.ApplicationModule;
