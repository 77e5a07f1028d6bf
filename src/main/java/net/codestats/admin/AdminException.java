package net.codestats.admin;

/** An admin action refused in words (bad input, or a rule it would break): nothing changed. */
class AdminException extends RuntimeException {
  AdminException(String message) {
    super(message, null, false, false);
  }
}
