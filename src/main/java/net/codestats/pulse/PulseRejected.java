package net.codestats.pulse;

import org.springframework.http.HttpStatus;

/** A pulse the API refuses, with the status and the exact error text clients know. */
final class PulseRejected extends RuntimeException {

  static final String NOT_AUTHENTICATED = "You must be authenticated";
  static final String INVALID_XPS_FORMAT = "Invalid xps format.";
  static final String INVALID_CODED_AT = "Invalid coded_at format.";
  static final String INVALID_DATE = "Invalid date.";
  static final String INVALID_OFFSET = "Invalid TZ offset!";
  static final String INVALID_XP = "Invalid XP format.";

  private final HttpStatus status;
  private final long retryAfterSeconds;

  PulseRejected(HttpStatus status, String message) {
    this(status, message, 0);
  }

  PulseRejected(HttpStatus status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static PulseRejected badRequest(String message) {
    return new PulseRejected(HttpStatus.BAD_REQUEST, message);
  }

  HttpStatus status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header, or 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
