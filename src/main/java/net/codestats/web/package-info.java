/**
 * Web infrastructure: security configuration, filters, error pages, the page context every
 * template gets and flash messages. Owns no table.
 */
@ApplicationModule(
    displayName = "Web",
    allowedDependencies = {"system"})
package net.codestats.web;

import org.springframework.modulith.ApplicationModule;
