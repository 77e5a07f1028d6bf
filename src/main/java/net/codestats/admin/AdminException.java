package net.codestats.admin;

import org.springframework.http.HttpStatus;

/** An admin action refused in words (bad input, or a rule it would break): nothing changed. */
class AdminException extends RuntimeException {

  private final HttpStatus status;

  AdminException(String message) {
    this(HttpStatus.BAD_REQUEST, message);
  }

  private AdminException(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** What the path names does not exist (any more). */
  static AdminException notFound(String message) {
    return new AdminException(HttpStatus.NOT_FOUND, message);
  }

  HttpStatus status() {
    return status;
  }
}
