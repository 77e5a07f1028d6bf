package net.codestats.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * Many Phoenix (v2) WebSocket subscribers in one thread, so that the load client costs the
 * server's two cores as little as possible: non-blocking sockets on one selector, a raw HTTP
 * upgrade, masked client frames, and of each server text frame only what the measurement
 * needs (the join reply's status; a push's first {@code "amount":N}, which names the pulse).
 * It sends Phoenix heartbeats and answers pings. Everything but {@link #markSent} and the
 * read-outs after {@link #close} runs on the selector thread.
 */
final class WsLoadClient implements AutoCloseable {

  private static final byte[] AMOUNT = "\"amount\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEW_PULSE = "\"new_pulse\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JOIN_REF = "[\"1\",\"1\",".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REPLY_OK = "\"phx_reply\",{\"status\":\"ok\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEARTBEAT =
      "[null,\"hb\",\"phoenix\",\"heartbeat\",{}]".getBytes(StandardCharsets.US_ASCII);
  private static final long HEARTBEAT_EVERY = 25_000_000_000L;
  private static final long HANDSHAKE_TIMEOUT = 30_000_000_000L;

  private final InetSocketAddress address;
  private final String path;
  private final String origin;
  private final int maxHandshakes;
  private final Selector selector;
  private final Thread thread;
  private final Queue<String> toOpen = new ConcurrentLinkedQueue<>();
  private final AtomicLongArray sentAt;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20);
  private final SplittableRandom random = new SplittableRandom(7);
  private final List<Conn> conns = new ArrayList<>();
  private final Histogram latency = new Histogram(600_000_000L, 3);
  private final Map<String, Integer> joinedByTopic = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentSkipListMap<>();
  private volatile boolean running = true;
  private volatile int joined;
  private volatile int settled;
  private volatile long received;
  private volatile long unknownPushes;
  private volatile int closedByServer;
  private int handshaking;
  private long nextHeartbeat = System.nanoTime() + HEARTBEAT_EVERY;

  private final class Conn {
    final String topic;
    final SocketChannel channel;
    final long openedAt = System.nanoTime();
    SelectionKey key;
    boolean upgraded;
    boolean joined;
    boolean done;
    byte[] carry;
    ByteBuffer pending;

    Conn(String topic, SocketChannel channel) {
      this.topic = topic;
      this.channel = channel;
    }
  }

  /** @param maxAmount pulses carry amounts 1..maxAmount, each sent once */
  WsLoadClient(InetSocketAddress address, String path, String origin, int maxAmount, int maxHandshakes)
      throws IOException {
    this.address = address;
    this.path = path;
    this.origin = origin;
    this.maxHandshakes = maxHandshakes;
    this.sentAt = new AtomicLongArray(maxAmount + 1);
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().name("ws-load-client").daemon().start(this::loop);
  }

  /** Opens one socket per entry, each joining that topic; see {@link #awaitSettled}. */
  void open(List<String> topics) {
    toOpen.addAll(topics);
    selector.wakeup();
  }

  /** Waits until every opened socket has joined or failed, or the time is up. */
  boolean awaitSettled(int sockets, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (settled < sockets && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return settled >= sockets;
  }

  /** The pulse with this amount is being sent now. */
  void markSent(int amount) {
    sentAt.set(amount, System.nanoTime());
  }

  int joined() {
    return joined;
  }

  long received() {
    return received;
  }

  /** Read-outs that are only consistent after {@link #close}. */
  Histogram latency() {
    return latency;
  }

  Map<String, Integer> joinedByTopic() {
    return joinedByTopic;
  }

  Map<String, Integer> failures() {
    return failures;
  }

  int closedByServer() {
    return closedByServer;
  }

  long unknownPushes() {
    return unknownPushes;
  }

  /** CPU time of the client's thread so far, to tell whether the client kept up. */
  long cpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(10_000);
  }

  private void loop() {
    try {
      while (running) {
        startHandshakes();
        selector.select(100);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          Conn conn = (Conn) key.attachment();
          try {
            if (key.isValid() && key.isConnectable()) {
              connected(conn);
            }
            if (key.isValid() && key.isWritable()) {
              flush(conn);
            }
            if (key.isValid() && key.isReadable()) {
              read(conn, now);
            }
          } catch (IOException | RuntimeException e) {
            fail(conn, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
          }
        }
        selector.selectedKeys().clear();
        housekeeping(now);
      }
    } catch (IOException e) {
      failures.merge("selector: " + e, 1, Integer::sum);
    } finally {
      for (Conn conn : conns) {
        try {
          conn.channel.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void startHandshakes() throws IOException {
    String topic;
    while (handshaking < maxHandshakes && (topic = toOpen.poll()) != null) {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      var conn = new Conn(topic, channel);
      conns.add(conn);
      handshaking++;
      try {
        boolean now = channel.connect(address);
        conn.key = channel.register(selector, now ? 0 : SelectionKey.OP_CONNECT, conn);
        if (now) {
          connected(conn);
        }
      } catch (IOException e) {
        fail(conn, "connect: " + e.getMessage());
      }
    }
  }

  private void connected(Conn conn) throws IOException {
    conn.channel.finishConnect();
    byte[] key = new byte[16];
    random.nextBytes(key);
    String request =
        "GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin
            + "\r\n\r\n";
    conn.key.interestOps(SelectionKey.OP_READ);
    write(conn, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
  }

  private void read(Conn conn, long now) throws IOException {
    ByteBuffer buf = readBuffer;
    buf.clear();
    if (conn.carry != null) {
      buf.put(conn.carry);
      conn.carry = null;
    }
    int n = conn.channel.read(buf);
    if (n < 0) {
      fail(conn, conn.upgraded ? "closed by the server without a close frame" : "closed during the handshake");
      return;
    }
    buf.flip();
    if (!conn.upgraded && !handshakeResponse(conn, buf)) {
      return;
    }
    while (!conn.done && frame(conn, buf, now)) {
      // next frame
    }
    if (!conn.done && buf.hasRemaining()) {
      conn.carry = new byte[buf.remaining()];
      buf.get(conn.carry);
    }
  }

  /** Consumes the HTTP response head if complete; false if more bytes are needed or it failed. */
  private boolean handshakeResponse(Conn conn, ByteBuffer buf) throws IOException {
    int end = indexOf(buf, buf.position(), buf.limit(), new byte[] {'\r', '\n', '\r', '\n'});
    if (end < 0) {
      conn.carry = new byte[buf.remaining()];
      buf.get(conn.carry);
      return false;
    }
    String head = new String(buf.array(), buf.position(), end - buf.position(), StandardCharsets.US_ASCII);
    buf.position(end + 4);
    String status = head.lines().findFirst().orElse("");
    if (!status.contains(" 101 ")) {
      fail(conn, "handshake: " + status);
      return false;
    }
    conn.upgraded = true;
    handshaking--;
    send(conn, ("[\"1\",\"1\",\"" + conn.topic + "\",\"phx_join\",{}]").getBytes(StandardCharsets.UTF_8), (byte) 0x1);
    return true;
  }

  /** Handles one complete frame at the buffer's position; false if it is not all there yet. */
  private boolean frame(Conn conn, ByteBuffer buf, long now) throws IOException {
    int start = buf.position();
    if (buf.remaining() < 2) {
      return false;
    }
    int b0 = buf.get(start) & 0xff;
    int b1 = buf.get(start + 1) & 0xff;
    int header = 2;
    long length = b1 & 0x7f;
    if (length == 126) {
      if (buf.remaining() < 4) {
        return false;
      }
      length = buf.getShort(start + 2) & 0xffff;
      header = 4;
    } else if (length == 127) {
      if (buf.remaining() < 10) {
        return false;
      }
      length = buf.getLong(start + 2);
      header = 10;
    }
    if (length > readBuffer.capacity() / 2) {
      fail(conn, "frame of " + length + " bytes");
      return false;
    }
    if (buf.remaining() < header + length) {
      return false;
    }
    int from = start + header;
    int to = from + (int) length;
    switch (b0 & 0x0f) {
      case 0x1 -> text(conn, buf, from, to, now); // continuations (0x0) carry nothing we look at
      case 0x8 -> {
        closedByServer++;
        int code = length >= 2 ? buf.getShort(from) & 0xffff : 1005;
        String reason = length > 2 ? new String(buf.array(), from + 2, to - from - 2, StandardCharsets.UTF_8) : "";
        fail(conn, "closed by the server: " + code + " " + reason);
      }
      case 0x9 -> {
        byte[] payload = new byte[to - from];
        buf.get(from, payload);
        send(conn, payload, (byte) 0xA);
      }
      default -> {
        // pong, continuation, binary: nothing to do
      }
    }
    buf.position(to);
    return true;
  }

  private void text(Conn conn, ByteBuffer buf, int from, int to, long now) {
    if (!conn.joined && startsWith(buf, from, to, JOIN_REF)) {
      if (indexOf(buf, from, to, REPLY_OK) >= 0) {
        conn.joined = true;
        joined++;
        joinedByTopic.merge(conn.topic, 1, Integer::sum);
        settled++;
      } else {
        fail(conn, "join refused: " + new String(buf.array(), from, Math.min(to - from, 200), StandardCharsets.UTF_8));
      }
      return;
    }
    int at = indexOf(buf, from, to, AMOUNT);
    if (at < 0 || indexOf(buf, from, Math.min(to, at), NEW_PULSE) < 0) {
      return;
    }
    int amount = 0;
    for (int i = at + AMOUNT.length; i < to; i++) {
      byte b = buf.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      amount = amount * 10 + (b - '0');
    }
    long sent = amount > 0 && amount < sentAt.length() ? sentAt.get(amount) : 0;
    if (sent == 0) {
      unknownPushes++;
      return;
    }
    latency.recordValue(Math.max(0, (now - sent) / 1000));
    received++;
  }

  private void housekeeping(long now) {
    boolean heartbeat = now >= nextHeartbeat;
    if (heartbeat) {
      nextHeartbeat = now + HEARTBEAT_EVERY;
    }
    for (Conn conn : conns) {
      if (conn.done) {
        continue;
      }
      if (!conn.upgraded && now - conn.openedAt > HANDSHAKE_TIMEOUT) {
        fail(conn, "no handshake response in 30 s");
      } else if (heartbeat && conn.upgraded) {
        try {
          send(conn, HEARTBEAT, (byte) 0x1);
        } catch (IOException e) {
          fail(conn, "heartbeat: " + e.getMessage());
        }
      }
    }
  }

  /** A masked client frame (payloads here are small: under 64 KiB). */
  private void send(Conn conn, byte[] payload, byte opcode) throws IOException {
    int header = payload.length < 126 ? 6 : 8;
    ByteBuffer frame = ByteBuffer.allocate(header + payload.length);
    frame.put((byte) (0x80 | opcode));
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    frame.flip();
    write(conn, frame);
  }

  private void write(Conn conn, ByteBuffer data) throws IOException {
    if (conn.pending != null) {
      ByteBuffer joinedBuffer = ByteBuffer.allocate(conn.pending.remaining() + data.remaining());
      joinedBuffer.put(conn.pending).put(data).flip();
      conn.pending = joinedBuffer;
    } else {
      conn.pending = data;
    }
    flush(conn);
  }

  private void flush(Conn conn) throws IOException {
    conn.channel.write(conn.pending);
    if (conn.pending.hasRemaining()) {
      conn.key.interestOps(conn.key.interestOps() | SelectionKey.OP_WRITE);
    } else {
      conn.pending = null;
      if ((conn.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
        conn.key.interestOps(conn.key.interestOps() & ~SelectionKey.OP_WRITE);
      }
    }
  }

  private void fail(Conn conn, String why) {
    if (conn.done) {
      return;
    }
    conn.done = true;
    if (!conn.upgraded) {
      handshaking--;
    }
    if (!conn.joined) {
      settled++;
    }
    failures.merge(why.replaceAll("\\d{5,}", "N"), 1, Integer::sum);
    try {
      conn.channel.close();
    } catch (IOException ignored) {
      // closed anyway
    }
  }

  private static boolean startsWith(ByteBuffer buf, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.get(from + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(ByteBuffer buf, int from, int to, byte[] needle) {
    byte first = needle[0];
    outer : for (int i = from; i <= to - needle.length; i++) {
      if (buf.get(i) != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (buf.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Sockets per outcome, for the report's notes. */
  static String describe(Map<String, Integer> counts) {
    var parts = new ArrayList<String>();
    counts.forEach((what, count) -> parts.add(count + " × " + what));
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }
}
