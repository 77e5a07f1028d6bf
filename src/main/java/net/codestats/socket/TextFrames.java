package net.codestats.socket;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import org.springframework.web.socket.TextMessage;

/**
 * How a live socket writes a text frame that {@link PhoenixFrames} encoded once for all the
 * sockets it goes to. The default is the standard API ({@link Standard}); Tomcat's whole-frame
 * send ({@link TomcatTextFrames}) is an opt-in shortcut, {@code
 * codestats.live.tomcat-frame-shortcut=true}.
 */
interface TextFrames {

  /** The writer for one socket's endpoint, used by one drain at a time. */
  Writer writerFor(RemoteEndpoint.Basic remote);

  interface Writer {
    /** One whole text message; blocks like {@code sendText}. */
    void write(TextMessage frame) throws IOException;

    /** Whether the frame's UTF-8 bytes go out as they are, not encoded again. */
    boolean preEncoded();
  }

  /** Jakarta WebSocket's {@code sendText}: the container encodes the text again for each socket. */
  final class Standard implements TextFrames {
    @Override
    public Writer writerFor(RemoteEndpoint.Basic remote) {
      return new Writer() {
        @Override
        public void write(TextMessage frame) throws IOException {
          remote.sendText(frame.getPayload());
        }

        @Override
        public boolean preEncoded() {
          return false;
        }
      };
    }
  }
}
