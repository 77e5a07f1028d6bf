package net.codestats.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Malformed traffic on the live socket, one fresh connection per case: broken handshakes, and
 * after a good one a frame with a defect (not JSON, invalid UTF-8, wrong shapes and types,
 * unknown topics and events, huge or lying frames, protocol violations). The server must
 * refuse a broken handshake with a 4xx, and answer a bad frame with a Phoenix error reply or
 * close the socket with a proper close code: never a 5xx, never silence.
 */
final class BadSocket {

  static final String PATH = "/live_update_socket/websocket?vsn=2.0.0";
  /** protocol error, unsupported data, invalid payload, policy violation, message too big */
  static final Set<Integer> PROPER_CLOSE_CODES = Set.of(1002, 1003, 1007, 1008, 1009);
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private BadSocket() {}

  static BadInput.Answer exchange(BenchEnvironment env, String publicUser, SplittableRandom r) throws IOException {
    if (r.nextInt(6) == 0) {
      return badHandshake(env, r);
    }
    try (var socket = RawWebSocket.open(env, PATH, ANSWER_WITHIN, r.nextLong())) {
      if (socket.status() != 101) {
        return new BadInput.Answer("handshake " + socket.status(), "a good handshake got " + socket.status());
      }
      String defect;
      try {
        defect = sendDefect(socket, publicUser, r);
      } catch (IOException e) {
        // the server refused a frame before it was sent in full: its close frame is read next
        defect = "a defect cut short by the server (" + e.getMessage() + ")";
      }
      return awaitRefusal(socket, defect);
    }
  }

  private static BadInput.Answer badHandshake(BenchEnvironment env, SplittableRandom r) throws IOException {
    String request;
    String defect;
    switch (r.nextInt(7)) {
      case 0 -> {
        defect = "unsupported version";
        request = RawWebSocket.handshake(env, PATH, "").replace("Version: 13",
            "Version: " + BadInput.pick(r, "8", "0", "99", "x"));
      }
      case 1 -> {
        defect = "no key";
        request = RawWebSocket.handshake(env, PATH, "").replaceFirst("Sec-WebSocket-Key: [^\r]*\r\n", "");
      }
      case 2 -> {
        defect = "invalid token";
        request = RawWebSocket.handshake(env,
            PATH + "&token=" + BadInput.pick(r, "x", "a.b", "%00", "%FF%FE", "A".repeat(300), "..",
                "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "");
      }
      case 3 -> {
        defect = "foreign origin";
        request = RawWebSocket.handshake(env, PATH,
            "Origin: " + BadInput.pick(r, "https://evil.example", "null", "http://127.0.0.1.evil.example") + "\r\n");
      }
      case 4 -> {
        defect = "broken escape in the query";
        request = RawWebSocket.handshake(env, "/live_update_socket/websocket?"
            + BadInput.pick(r, "vsn=%ZZ", "vsn=2.0.0&x=%", "vsn=%", "token=%G1&vsn=2.0.0"), "");
      }
      case 5 -> {
        defect = "no upgrade";
        request = RawWebSocket.handshake(env, PATH, "").replace("Upgrade: websocket\r\n", "")
            .replace("Connection: Upgrade", "Connection: keep-alive");
      }
      default -> {
        defect = "key not base64 of 16 bytes";
        request = RawWebSocket.handshake(env, PATH, "").replaceFirst("Sec-WebSocket-Key: [^\r]*",
            "Sec-WebSocket-Key: " + BadInput.pick(r, "short", "!!!", "x".repeat(200)));
      }
    }
    try (var socket =
        RawWebSocket.open(env, request.getBytes(StandardCharsets.ISO_8859_1), ANSWER_WITHIN, r.nextLong())) {
      int status = socket.status();
      String problem = status >= 400 && status < 500 ? null : "handshake with " + defect + " answered " + status;
      return new BadInput.Answer("handshake " + status, problem);
    }
  }

  /** Sends one defective frame (or frame sequence); returns what the defect is. */
  private static String sendDefect(RawWebSocket socket, String publicUser, SplittableRandom r) throws IOException {
    switch (r.nextInt(20)) {
      case 0 -> {
        byte[][] invalid =
            {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
              {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] prefix = "[\"1\",\"1\",\"front".getBytes(StandardCharsets.UTF_8);
        byte[] bad = invalid[r.nextInt(invalid.length)];
        byte[] suffix = "page\",\"phx_join\",{}]".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(bad, 0, payload, prefix.length, bad.length);
        System.arraycopy(suffix, 0, payload, prefix.length + bad.length, suffix.length);
        socket.send(RawWebSocket.TEXT, payload, true, 0, true);
        return "invalid UTF-8 in a text frame";
      }
      case 1 -> {
        socket.sendText(
            BadInput.pick(r, "", " ", "hello", "[", "{", "[\"1\",\"1\",\"frontpage\",\"phx_join\",{}", "nul\u0000l",
                "[1,2,3]", "[\"1\",\"1\",\"frontpage\",\"phx_join\",{}]]", "\u0001\u0002"));
        return "not JSON or not a frame";
      }
      case 2 -> {
        socket.sendText(BadInput.pick(r, "{}", "null", "42", "\"frontpage\"", "true", "[]",
            "[\"1\",\"1\",\"frontpage\",\"phx_join\"]",
            "[\"1\",\"1\",\"frontpage\",\"phx_join\",{},{}]",
            "{\"topic\":\"frontpage\",\"event\":\"phx_join\",\"payload\":{},\"ref\":\"1\"}"));
        return "wrong frame shape";
      }
      case 3 -> {
        String ref = BadInput.pick(r, "{}", "[]", "true", "1.5", "\"" + "r".repeat(65 + r.nextInt(200)) + "\"");
        String topic =
            BadInput.pick(r, "1", "null", "[]", "{}", "true", "\"" + "t".repeat(301 + r.nextInt(3000)) + "\"");
        String event =
            BadInput.pick(r, "1", "null", "[]", "{}", "false", "\"" + "e".repeat(101 + r.nextInt(2000)) + "\"");
        socket.sendText(switch (r.nextInt(4)) {
          case 0 -> "[" + ref + ",\"1\",\"frontpage\",\"phx_join\",{}]";
          case 1 -> "[\"1\"," + ref + ",\"frontpage\",\"phx_join\",{}]";
          case 2 -> "[\"1\",\"1\"," + topic + ",\"phx_join\",{}]";
          default -> "[\"1\",\"1\",\"frontpage\"," + event + ",{}]";
        });
        return "wrong types in a frame";
      }
      case 4 -> {
        socket
            .sendText("[\"1\",\"1\",\""
                + BadInput.pick(r, "nosuch", "nosuch:topic", "phoenix", "user:" + publicUser, "users",
                    "frontpage:x", "FRONTPAGE", " frontpage", "users:" + publicUser + ":extra")
                + "\",\"phx_join\",{}]");
        return "join of an unknown topic";
      }
      case 5 -> {
        socket.sendText("[\"1\",\"1\",\""
            + BadInput.pick(r, "users:", "users:nobody-" + r.nextInt(1_000_000), "users:\\u0000",
                "users:a\\u0000b", "users:" + "x".repeat(257 + r.nextInt(40)), "users:%00", "users:..%2F" + publicUser,
                "users:\\ud800")
            + "\",\"phx_join\",{}]");
        return "join of an unknown or malformed user";
      }
      case 6 -> {
        socket.sendText("[\"1\",\"1\",\"" + BadInput.pick(r, "frontpage", "users:" + publicUser, "nosuch") + "\",\""
            + BadInput.pick(r, "new_pulse", "phx_reply", "shout", "", "phx_error", "phx_close") + "\",{}]");
        return "unknown event on a topic not joined";
      }
      case 7 -> {
        socket.sendText("[\"1\",\"1\",\"" + BadInput.pick(r, "frontpage", "users:" + publicUser, "nosuch")
            + "\",\"phx_leave\",{}]");
        return "leave of a topic not joined";
      }
      case 8 -> {
        // a message over the 16 KiB text limit, announced in one frame header: the server
        // must refuse it once the limit is passed, whether or not the rest ever comes
        int size = 16 * 1024 + 1 + r.nextInt(1 << 20);
        socket.sendLyingFrame(RawWebSocket.TEXT, size, overLimit(r, size));
        return "text frame of " + size + " bytes";
      }
      case 9 -> {
        long size = BadInput.pick(r, 1L << 31, 1L << 40, Long.MAX_VALUE, -1L);
        // -1 has the most significant bit set, which the protocol forbids: refused from the header alone
        socket.sendLyingFrame(RawWebSocket.TEXT, size, size < 0 ? new byte[0] : overLimit(r, Integer.MAX_VALUE));
        return "frame length " + size;
      }
      case 10 -> {
        // over the limit in continuation frames
        byte[] chunk = "x".repeat(4096).getBytes(StandardCharsets.UTF_8);
        socket.send(RawWebSocket.TEXT,
            "[\"1\",\"1\",\"frontpage\",\"phx_join\",{\"x\":\"".getBytes(StandardCharsets.UTF_8), false, 0, true);
        try {
          for (int i = 0; i < 5 + r.nextInt(20); i++) {
            socket.send(RawWebSocket.CONTINUATION, chunk, false, 0, true);
          }
        } catch (IOException closedMeanwhile) {
          // the server refused the message part way: its close frame is read next
        }
        return "fragmented message over the limit";
      }
      case 11 -> {
        int depth = 1000 + r.nextInt(7000);
        socket.sendText(BadInput.pick(r, "[", "{\"a\":").repeat(depth));
        return "JSON nested " + depth + " deep";
      }
      case 12 -> {
        socket.send(RawWebSocket.BINARY, "[\"1\",\"1\",\"frontpage\",\"phx_join\",{}]".getBytes(StandardCharsets.UTF_8),
            true, 0, true);
        return "binary frame";
      }
      case 13 -> {
        socket.send(BadInput.pick(r, 3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF), new byte[] {1, 2, 3}, true, 0, true);
        return "reserved opcode";
      }
      case 14 -> {
        socket.send(RawWebSocket.TEXT, "[\"1\",\"1\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8),
            true, 1 + r.nextInt(7), true);
        return "reserved bits set";
      }
      case 15 -> {
        socket.send(RawWebSocket.TEXT, "[\"1\",\"1\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8),
            true, 0, false);
        return "unmasked frame";
      }
      case 16 -> {
        socket.send(RawWebSocket.CONTINUATION,
            "[\"1\",\"1\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.UTF_8), true, 0, true);
        return "continuation without a start";
      }
      case 17 -> {
        if (r.nextBoolean()) {
          socket.send(RawWebSocket.PING, new byte[126 + r.nextInt(1000)], true, 0, true);
          return "control frame over 125 bytes";
        }
        socket.send(RawWebSocket.PING, new byte[] {1}, false, 0, true);
        return "fragmented control frame";
      }
      case 18 -> {
        socket.send(RawWebSocket.TEXT, "[\"1\",\"1\",\"front".getBytes(StandardCharsets.UTF_8), false, 0, true);
        socket.send(RawWebSocket.TEXT, "page\",\"phx_join\",{}]".getBytes(StandardCharsets.UTF_8), true, 0, true);
        return "new message inside a fragmented one";
      }
      default -> {
        socket.send(RawWebSocket.CLOSE,
            BadInput.pick(r, new byte[] {3, (byte) 0xE7}, new byte[] {0x03}, new byte[] {0, 0},
                new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}, new byte[] {0x03, (byte) 0xED}),
            true, 0, true);
        return "close frame with an invalid code or reason";
      }
    }
  }

  /** Just past the 16 KiB text limit (at most {@code size} bytes): the part of a huge frame that is sent. */
  private static byte[] overLimit(SplittableRandom r, int size) {
    byte[] bytes = new byte[Math.min(size, 16 * 1024 + 1 + r.nextInt(4096))];
    java.util.Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static BadInput.Answer awaitRefusal(RawWebSocket socket, String defect) throws IOException {
    long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new BadInput.Answer("no answer", "no answer within " + ANSWER_WITHIN.toSeconds() + " s to: " + defect);
      }
      RawWebSocket.Frame frame;
      try {
        frame = socket.read(Duration.ofNanos(left));
      } catch (EOFException e) {
        return new BadInput.Answer("closed without a close frame",
            defect + ": connection closed without a close frame");
      } catch (IOException e) {
        return new BadInput.Answer(e.getClass().getSimpleName(), defect + ": " + e.getMessage());
      }
      if (frame == null) {
        continue;
      }
      if (frame.opcode() == RawWebSocket.CLOSE) {
        int code = frame.closeCode();
        return new BadInput.Answer("close " + code, PROPER_CLOSE_CODES.contains(code)
            ? null
            : defect + ": closed with " + code + " " + BadInput.abbreviate(frame.text()));
      }
      if (frame.opcode() == RawWebSocket.TEXT && frame.text().contains("\"phx_reply\"")) {
        boolean error = frame.text().matches("(?s).*\"status\"\\s*:\\s*\"error\".*");
        return new BadInput.Answer(error ? "error reply" : "ok reply",
            error ? null : defect + ": accepted: " + BadInput.abbreviate(frame.text()));
      }
    }
  }

  /**
   * A socket that stays joined to the front page while the malformed traffic runs and
   * heartbeats twice a second: every heartbeat must be answered within 5 s.
   */
  static final class Sentinel implements AutoCloseable {
    private final RawWebSocket socket;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile long sent;
    private volatile long answered;
    private volatile long slowestMs;
    private volatile String problem;

    Sentinel(BenchEnvironment env) throws IOException {
      socket = RawWebSocket.open(env, PATH, Duration.ofSeconds(10), 1);
      if (socket.status() != 101) {
        throw new IOException("sentinel socket refused: " + socket.status());
      }
      socket.sendText("[\"1\",\"join\",\"frontpage\",\"phx_join\",{}]");
      if (!awaitReply("join")) {
        throw new IOException("sentinel could not join the front page: " + problem);
      }
      thread = Thread.ofPlatform().daemon().start(this::beat);
    }

    private void beat() {
      while (!stop.get() && problem == null) {
        long ref = ++sent;
        long started = System.nanoTime();
        try {
          socket.sendText("[null,\"hb" + ref + "\",\"phoenix\",\"heartbeat\",{}]");
          if (!awaitReply("hb" + ref)) {
            return;
          }
          answered++;
          slowestMs = Math.max(slowestMs, (System.nanoTime() - started) / 1_000_000);
          Thread.sleep(500);
        } catch (IOException e) {
          problem = "sentinel socket failed: " + e;
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private boolean awaitReply(String ref) throws IOException {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        var frame = socket.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        if (frame != null && frame.opcode() == RawWebSocket.CLOSE) {
          problem = "sentinel socket closed with " + frame.closeCode();
          return false;
        }
        if (frame != null && frame.text().contains("\"" + ref + "\"") && frame.text().contains("\"ok\"")) {
          return true;
        }
      }
      problem = "sentinel heartbeat " + ref + " not answered within 5 s";
      return false;
    }

    /** null when every heartbeat was answered in time. */
    String problem() {
      return problem;
    }

    String summary() {
      return "%d of %d heartbeats answered, slowest %d ms".formatted(answered, sent, slowestMs);
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(10_000);
      socket.close();
    }
  }
}
