package net.codestats.socket;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import org.apache.tomcat.websocket.WsRemoteEndpointBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.TextMessage;

/**
 * The opt-in shortcut ({@code codestats.live.tomcat-frame-shortcut=true}): sends a text
 * message that is already UTF-8, so that a broadcast is encoded once and not again for each of
 * thousands of sockets (Tomcat's {@code sendText} encodes every String char by char: a fifth
 * of the server's CPU in the fan-out profile). Tomcat has no public method for it; its own
 * whole-frame send (the one it uses for pings, pongs and every text frame after encoding) is
 * package-private, so it is reached through a method handle, with the container's frame
 * locking and batching unchanged. If a Tomcat version lacks it, {@link #available()} is false
 * (its canary test fails) and sockets use the standard {@code sendText}.
 */
final class TomcatTextFrames implements TextFrames {

  private static final Logger log = LoggerFactory.getLogger(TomcatTextFrames.class);
  private static final byte OPCODE_TEXT = 0x1;
  private static final MethodHandle BASE;
  private static final MethodHandle SEND;

  static {
    MethodHandle base = null;
    MethodHandle send = null;
    try {
      base =
          MethodHandles.privateLookupIn(WsRemoteEndpointBase.class, MethodHandles.lookup())
              .findGetter(WsRemoteEndpointBase.class, "base", WsRemoteEndpointImplBase.class);
      send =
          MethodHandles.privateLookupIn(WsRemoteEndpointImplBase.class, MethodHandles.lookup())
              .findVirtual(
                  WsRemoteEndpointImplBase.class,
                  "sendMessageBlock",
                  MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.debug("This Tomcat has no whole-frame send ({})", e.toString());
      base = null;
      send = null;
    }
    BASE = base;
    SEND = send;
  }

  private final TextFrames standard = new TextFrames.Standard();

  static boolean available() {
    return SEND != null;
  }

  /** The whole-frame send for a Tomcat endpoint, else the standard one. */
  @Override
  public Writer writerFor(RemoteEndpoint.Basic remote) {
    WsRemoteEndpointImplBase endpoint = endpoint(remote);
    if (endpoint == null) {
      return standard.writerFor(remote);
    }
    return new Writer() {
      @Override
      public void write(TextMessage frame) throws IOException {
        // frames from PhoenixFrames carry their UTF-8 bytes: encoded once per broadcast
        send(endpoint, frame.asBytes());
      }

      @Override
      public boolean preEncoded() {
        return true;
      }
    };
  }

  /** The container's endpoint behind a basic remote, or null if it is not Tomcat's. */
  static WsRemoteEndpointImplBase endpoint(RemoteEndpoint.Basic remote) {
    if (BASE == null || !(remote instanceof WsRemoteEndpointBase tomcat)) {
      return null;
    }
    try {
      return (WsRemoteEndpointImplBase) BASE.invokeExact(tomcat);
    } catch (Throwable e) {
      return null;
    }
  }

  /** One whole text frame; blocks like {@code sendText}. */
  static void send(WsRemoteEndpointImplBase endpoint, byte[] utf8) throws IOException {
    try {
      SEND.invokeExact(endpoint, OPCODE_TEXT, ByteBuffer.wrap(utf8), true);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }
}
