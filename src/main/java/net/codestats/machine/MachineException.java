package net.codestats.machine;

/** A machine request that cannot be carried out; the message is fit to show the user. */
public class MachineException extends RuntimeException {

  private final boolean notFound;

  private MachineException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  static MachineException notFound() {
    return new MachineException("Machine not found.", true);
  }

  static MachineException invalid(String message) {
    return new MachineException(message, false);
  }

  public boolean isNotFound() {
    return notFound;
  }
}
