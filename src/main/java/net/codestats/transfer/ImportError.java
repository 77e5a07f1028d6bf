package net.codestats.transfer;

/** A problem with a file being imported, fit to show the user (it names the line). */
final class ImportError extends RuntimeException {
  ImportError(String message) {
    super(message);
  }
}
