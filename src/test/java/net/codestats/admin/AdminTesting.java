package net.codestats.admin;

import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.support.WebSession;

/** The configured admin of the tests ({@code codestats.admin.usernames=test-admin}), created once. */
final class AdminTesting {

  static final String ADMIN = "test-admin";
  static final String PASSWORD = "correct horse battery";

  private AdminTesting() {}

  static synchronized User admin(Accounts accounts) {
    return accounts.findByUsername(ADMIN).orElseGet(() -> accounts.create(ADMIN, PASSWORD, null));
  }

  /** A session logged in as the configured admin. */
  static WebSession adminSession(Accounts accounts, int port) {
    admin(accounts);
    return loggedIn(port, ADMIN);
  }

  static WebSession loggedIn(int port, String username) {
    var web = new WebSession(port);
    var response = web.login(username, PASSWORD);
    if (response.statusCode() != 302 || response.headers().firstValue("Location").orElse("").contains("/login")) {
      throw new AssertionError("log-in as " + username + " failed: " + response.headers().map());
    }
    return web;
  }
}
