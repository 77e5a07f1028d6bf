package net.codestats.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a user's import stands, for the progress display.
 *
 * @param state {@code running}, {@code done} or {@code failed}
 * @param phase what a running import does now: {@code checking}, {@code importing} or {@code rebuilding}
 * @param linesDone lines handled in the current phase
 * @param linesTotal lines in the file (known after checking)
 * @param message the result or the error, for the user
 */
public record ImportStatus(String state, String phase, long linesDone, long linesTotal, String message) {

  @JsonProperty("running")
  public boolean running() {
    return "running".equals(state);
  }

  @JsonProperty("percent")
  public int percent() {
    if (!running()) {
      return 100;
    }
    if (linesTotal <= 0) {
      return 0;
    }
    // checking is the first tenth, importing the rest
    long share = "checking".equals(phase) ? 0 : "importing".equals(phase) ? linesDone * 90 / linesTotal : 90;
    return (int) Math.min(99, 10 + share);
  }
}
