package net.codestats.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One address opens far more live sockets than its share: the server holds at most
 * {@code codestats.live.max-sockets-per-address} (50) of them and refuses the rest with 503
 * and Retry-After, while a client from another address still connects and joins.
 */
final class SocketsPerAddressProbe implements SecurityProbes.Probe {

  static final int PER_ADDRESS = 50;

  @Override
  public List<SecurityProbes.Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception {
    int attempts = isShort ? 120 : 400;
    var held = new ArrayList<RawWebSocket>();
    int accepted = 0;
    int refused = 0;
    int retryAfter = 0;
    var other = new StringBuilder();
    try {
      for (int i = 0; i < attempts; i++) {
        var socket = RawWebSocket.open(env, BadSocket.PATH, Duration.ofSeconds(10), i);
        if (socket.status() == 101) {
          held.add(socket);
          accepted++;
        } else {
          refused += socket.status() == 503 ? 1 : 0;
          retryAfter += socket.responseHead().toLowerCase().contains("retry-after:") ? 1 : 0;
          socket.close();
        }
      }
      other.append(fromAnotherAddress(env));
    } finally {
      for (var socket : held) {
        socket.close();
      }
    }
    boolean ok = accepted == PER_ADDRESS && refused == attempts - PER_ADDRESS && retryAfter == refused
        && other.toString().equals("101");
    return List.of(
        new SecurityProbes.Finding(
            "live sockets from one address",
            ok,
            attempts + " tried from 127.0.0.1: " + accepted + " open, " + refused + " refused with 503 (" + retryAfter
                + " with Retry-After); 127.0.0.2 meanwhile: " + other));
  }

  /** The handshake status for a client at 127.0.0.2 while 127.0.0.1 holds its share. */
  private static String fromAnotherAddress(BenchEnvironment env) {
    try (var socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", env.port()), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream()
          .write(RawWebSocket.handshake(env, BadSocket.PATH, "").getBytes(StandardCharsets.ISO_8859_1));
      byte[] line = socket.getInputStream().readNBytes(12);
      String text = new String(line, StandardCharsets.ISO_8859_1);
      return text.startsWith("HTTP/1.1 ") ? text.substring(9, 12) : "no answer";
    } catch (IOException e) {
      return "failed: " + e.getMessage();
    }
  }
}
