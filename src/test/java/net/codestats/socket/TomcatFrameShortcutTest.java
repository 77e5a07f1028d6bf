package net.codestats.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.TextMessage;

/**
 * The canary of the opt-in {@code codestats.live.tomcat-frame-shortcut}: it fails as soon as
 * this Tomcat no longer has the package-private whole-frame send, and checks byte for byte, on
 * a real socket, that the shortcut writes what the standard {@code sendText} writes.
 */
@IntegrationTest
class TomcatFrameShortcutTest {

  @LocalServerPort int port;
  @Autowired PhoenixSocketHandler handler;
  @Autowired PhoenixFrames frames;

  @Test
  void thisTomcatHasTheWholeFrameSend() throws Exception {
    assertThat(TomcatTextFrames.available())
        .as("Tomcat's WsRemoteEndpointImplBase.sendMessageBlock(byte, ByteBuffer, boolean) is gone: "
            + "update TomcatTextFrames or leave codestats.live.tomcat-frame-shortcut off")
        .isTrue();
    try (var client = new RawClient(port)) {
      var remote = serverSide(client).remote();
      assertThat(TomcatTextFrames.endpoint(remote)).as("the endpoint behind Tomcat's basic remote").isNotNull();
      assertThat(new TomcatTextFrames().writerFor(remote).preEncoded()).isTrue();
    }
  }

  @Test
  void theShortcutIsOptIn() {
    assertThat(
        SocketConfiguration.textFrames(new SocketConfiguration.Settings(0, 50, false, SendScheduler.DEFAULT_LINGER)))
        .isInstanceOf(TextFrames.Standard.class);
    assertThat(
        SocketConfiguration.textFrames(new SocketConfiguration.Settings(0, 50, true, SendScheduler.DEFAULT_LINGER)))
        .isInstanceOf(TomcatTextFrames.class);
  }

  @Test
  void bothPathsWriteIdenticalFrames() throws Exception {
    TextMessage push =
        frames.broadcast(
            false, "users:Zoë", "new_pulse", Map.of("xps", List.of(Map.of("language", "Zürich ☕ 𝄞", "amount", 3))));
    try (var client = new RawClient(port)) {
      var remote = serverSide(client).remote();
      var standard = new TextFrames.Standard().writerFor(remote);
      var shortcut = new TomcatTextFrames().writerFor(remote);

      standard.write(push);
      byte[] viaStandard = client.rawFrame();
      shortcut.write(push);
      byte[] viaShortcut = client.rawFrame();
      assertThat(viaShortcut).isEqualTo(viaStandard);
      assertThat(viaStandard[0]).as("FIN and text opcode").isEqualTo((byte) 0x81);

      // longer than Tomcat's buffers: sendText splits it into several frames, the message is the same
      TextMessage large =
          frames.broadcast(false, "frontpage", "new_pulse", Map.of("big", "é".repeat(3 * SessionBuffers.BYTES)));
      standard.write(large);
      byte[] messageViaStandard = client.message();
      shortcut.write(large);
      byte[] messageViaShortcut = client.message();
      assertThat(messageViaShortcut).isEqualTo(messageViaStandard).isEqualTo(large.asBytes());
    }
  }

  /** The server's side of the socket the client just opened. */
  private Connection serverSide(RawClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (String id : handler.sessionIds()) {
        if (!client.before.contains(id)) {
          return handler.connection(id);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server never saw the socket");
  }

  /** A WebSocket client that reads the server's frames byte for byte. */
  private final class RawClient implements AutoCloseable {
    final Set<String> before = new HashSet<>();
    final Socket socket;
    final DataInputStream in;

    RawClient(int port) throws IOException {
      handler.sessionIds().forEach(before::add);
      socket = new Socket("localhost", port);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + SocketConfiguration.PATH + "?vsn=2.0.0 HTTP/1.1\r\nHost: localhost:" + port
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      in = new DataInputStream(socket.getInputStream());
      String headers = readHeaders(in);
      assertThat(headers).startsWith("HTTP/1.1 101");
    }

    private static String readHeaders(InputStream in) throws IOException {
      var head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed during the handshake: " + head);
        }
        head.write(b);
      }
      return head.toString(StandardCharsets.US_ASCII);
    }

    /** One frame as it came over the wire: header and payload (a server's frames are not masked). */
    byte[] rawFrame() throws IOException {
      var frame = new ByteArrayOutputStream();
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      frame.write(first);
      frame.write(second);
      long length = second & 0x7f;
      if (length == 126) {
        int extended = in.readUnsignedShort();
        frame.write(extended >> 8);
        frame.write(extended);
        length = extended;
      } else if (length == 127) {
        long extended = in.readLong();
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) (extended >> shift));
        }
        length = extended;
      }
      byte[] payload = in.readNBytes((int) length);
      frame.write(payload);
      return frame.toByteArray();
    }

    /** The payload of one whole message, whatever frames it came in. */
    byte[] message() throws IOException {
      var payload = new ByteArrayOutputStream();
      boolean fin;
      do {
        byte[] frame = rawFrame();
        fin = (frame[0] & 0x80) != 0;
        int length = frame[1] & 0x7f;
        int header = length == 126 ? 4 : length == 127 ? 10 : 2;
        payload.write(frame, header, frame.length - header);
      } while (!fin);
      return payload.toByteArray();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
