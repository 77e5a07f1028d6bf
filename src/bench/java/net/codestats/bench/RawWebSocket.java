package net.codestats.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * A WebSocket client on a plain socket, so that the fault tests can send what no well-behaved
 * client library would: invalid UTF-8 in text frames, reserved bits and opcodes, unmasked or
 * oversized frames, lying lengths, malformed handshakes. Server frames are read one at a time.
 */
final class RawWebSocket implements AutoCloseable {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** A frame from the server; for a close frame {@link #closeCode()} is its status code (or 1005 for none). */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int status;
  private final String responseHead;
  private final SplittableRandom masks;

  private RawWebSocket(Socket socket, InputStream in, int status, String responseHead, long seed) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.status = status;
    this.responseHead = responseHead;
    this.masks = new SplittableRandom(seed);
  }

  /** The handshake request a browser would send for {@code pathAndQuery}, plus {@code extraHeaders} (CRLF-terminated lines). */
  static String handshake(BenchEnvironment env, String pathAndQuery, String extraHeaders) {
    return "GET " + pathAndQuery + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + env.port() + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString("codestats-faults".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders
        + "\r\n";
  }

  /** Sends the request bytes as they are and reads the response head; 101 means a WebSocket follows. */
  static RawWebSocket open(BenchEnvironment env, byte[] request, Duration timeout, long seed) throws IOException {
    return open(new Socket(), env.port(), request, timeout, seed);
  }

  /** Over {@code socket}, unconnected (e.g. from an {@code SSLSocketFactory}), to 127.0.0.1:{@code port}. */
  static RawWebSocket open(Socket socket, int port, byte[] request, Duration timeout, long seed) throws IOException {
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      var in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      String head = readHead(in);
      String statusLine = head.lines().findFirst().orElse("");
      String[] parts = statusLine.split(" ");
      int status = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
      return new RawWebSocket(socket, in, status, head, seed);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  static RawWebSocket open(BenchEnvironment env, String pathAndQuery, Duration timeout, long seed) throws IOException {
    return open(env, handshake(env, pathAndQuery, "").getBytes(StandardCharsets.ISO_8859_1), timeout, seed);
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 64 * 1024) {
        throw new IOException("handshake response head too long");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  int status() {
    return status;
  }

  String responseHead() {
    return responseHead;
  }

  void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8), true, 0, true);
  }

  /**
   * One frame as given: {@code rsv} is the three reserved bits (0–7), {@code masked} false sends
   * an unmasked frame (a protocol error from a client).
   */
  void send(int opcode, byte[] payload, boolean fin, int rsv, boolean masked) throws IOException {
    out.write(header(opcode, payload.length, fin, rsv, masked));
    byte[] mask = new byte[4];
    if (masked) {
      masks.nextBytes(mask);
      out.write(mask);
    }
    byte[] body = payload.clone();
    for (int i = 0; masked && i < body.length; i++) {
      body[i] ^= mask[i & 3];
    }
    out.write(body);
    out.flush();
  }

  /** A masked frame header that announces {@code declaredLength} bytes, followed by only {@code sent} of them. */
  void sendLyingFrame(int opcode, long declaredLength, byte[] sent) throws IOException {
    out.write(header(opcode, declaredLength, true, 0, true));
    byte[] mask = new byte[4];
    masks.nextBytes(mask);
    out.write(mask);
    byte[] body = sent.clone();
    for (int i = 0; i < body.length; i++) {
      body[i] ^= mask[i & 3];
    }
    out.write(body);
    out.flush();
  }

  private static byte[] header(int opcode, long length, boolean fin, int rsv, boolean masked) {
    var header = new ByteArrayOutputStream();
    header.write((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F));
    int maskBit = masked ? 0x80 : 0;
    // a negative length is sent as the 64-bit form with its most significant bit set (a protocol error)
    if (length >= 0 && length < 126) {
      header.write(maskBit | (int) length);
    } else if (length >= 0 && length <= 0xFFFF) {
      header.write(maskBit | 126);
      header.write((int) (length >>> 8) & 0xFF);
      header.write((int) length & 0xFF);
    } else {
      header.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >>> shift) & 0xFF);
      }
    }
    return header.toByteArray();
  }

  /**
   * The next frame from the server, or null when none arrives within {@code timeout}. Throws
   * {@link EOFException} when the server closed the connection.
   */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    }
    if (first < 0) {
      throw new EOFException("connection closed");
    }
    socket.setSoTimeout(10_000); // the rest of a started frame follows at once
    int second = readByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = ((long) readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    if (length > 16 * 1024 * 1024) {
      throw new IOException("server frame of " + length + " bytes");
    }
    byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
    byte[] payload = in.readNBytes((int) length);
    if (payload.length != length) {
      throw new EOFException("connection closed inside a frame");
    }
    for (int i = 0; mask != null && i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    return new Frame(first & 0x0F, payload);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed inside a frame");
    }
    return b;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
