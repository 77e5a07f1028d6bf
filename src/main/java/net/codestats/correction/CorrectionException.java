package net.codestats.correction;

/** A correction that cannot be made as asked; the message says why, for the page. */
public class CorrectionException extends RuntimeException {

  private final boolean notFound;

  CorrectionException(String message) {
    this(message, false);
  }

  private CorrectionException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  static CorrectionException notFound() {
    return new CorrectionException("No such correction.", true);
  }

  /** Not the user's correction, or none: the page answers 404. */
  public boolean isNotFound() {
    return notFound;
  }
}
