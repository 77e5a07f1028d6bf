package net.codestats.socket;

/**
 * The size of the fixed buffers Tomcat gives every WebSocket session (frame input, output,
 * UTF-8 encoding). Tomcat has no container setting for it, only a JVM-wide system property
 * that it reads once, when its WebSocket classes load: so it is a JVM flag ({@code
 * -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=2048}), which the application's {@code
 * main} supplies when the launcher did not, before anything starts.
 */
public final class SessionBuffers {

  public static final String PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
  public static final int BYTES = 2048;

  private SessionBuffers() {}

  /** For {@code main} only: the launcher's flag wins. */
  public static void defaultUnlessGiven() {
    System.getProperties().putIfAbsent(PROPERTY, Integer.toString(BYTES));
  }
}
