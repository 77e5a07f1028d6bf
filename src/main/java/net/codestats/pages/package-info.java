/**
 * Content pages: plugins, API documentation, terms, changes, support, the language list.
 * Owns no table.
 */
@ApplicationModule(
    displayName = "Site pages",
    allowedDependencies = {"legal", "machine", "pulse", "system", "web"})
package net.codestats.pages;

import org.springframework.modulith.ApplicationModule;
