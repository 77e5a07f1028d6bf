/**
 * Identity and credentials: sign-up, log-in and remembered log-ins, the lock-out, preferences,
 * e-mail confirmation and password reset.
 * <p>Owns the tables {@code users}, {@code persistent_logins}, {@code password_resets},
 * {@code email_confirmations}, {@code hidden_languages} and, for the HTTP sessions shared by
 * several nodes, {@code spring_session} and {@code spring_session_attributes}.
 */
@ApplicationModule(
    displayName = "Accounts",
    allowedDependencies = {"machine", "mail", "system", "web"})
package net.codestats.account;

import org.springframework.modulith.ApplicationModule;
