/**
 * The embedded PostgreSQL server that runs by default: started in parallel with the context,
 * its data kept between runs; and the gauge that tells whether the database (embedded or
 * external) answers. Owns no table (Flyway's history aside).
 */
@ApplicationModule(
    displayName = "Embedded database",
    allowedDependencies = {"system"})
package net.codestats.database;

import org.springframework.modulith.ApplicationModule;
