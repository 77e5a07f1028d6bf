/**
 * The admin area at {@code /admin}: the admin role (the first admins from configuration, more
 * granted there) and the audit log of every admin action; language aliases and junk languages;
 * accounts (search, disable, enable, delete); mass mail, throttled and resumable; the service's
 * figures. Every request needs the role ({@link net.codestats.admin.AdminSecurity}). Also the
 * errors this node logs, mailed to the admins as a throttled digest (off by default,
 * {@code codestats.error-digest.*}).
 * <p>Owns the tables {@code admin_roles}, {@code admin_audit}, {@code admin_mailings} and
 * {@code admin_mailing_recipients}.
 */
@ApplicationModule(
    displayName = "Admin area",
    allowedDependencies = {"account", "leaderboard", "machine", "mail", "pulse", "system", "web", "xp"})
package net.codestats.admin;

import org.springframework.modulith.ApplicationModule;
