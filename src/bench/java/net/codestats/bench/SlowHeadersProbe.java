package net.codestats.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that send half a request and then nothing: the server closes them after its header
 * timeout (10 s) and answers a normal request meanwhile as fast as ever. A client that drips
 * one header byte every few seconds is not cut by Tomcat (its timeout is per read): that is
 * the reverse proxy's job (nginx {@code client_header_timeout}), reported as seen. A live
 * socket idle for longer than the header timeout stays open.
 */
final class SlowHeadersProbe implements SecurityProbes.Probe {

  @Override
  public List<SecurityProbes.Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception {
    int clients = isShort ? 300 : 1_000;
    var silent = new ArrayList<Socket>();
    var dripping = new ArrayList<Socket>();
    var live = RawWebSocket.open(env, BadSocket.PATH, Duration.ofSeconds(10), 1);
    try {
      long before = 0;
      for (int i = 0; i < 5; i++) {
        before = Math.max(before, pingMillis(env));
      }
      for (int i = 0; i < clients; i++) {
        silent.add(halfRequest(env));
      }
      for (int i = 0; i < 20; i++) {
        dripping.add(halfRequest(env));
      }
      long worstPing = 0;
      long start = System.nanoTime();
      int rounds = 0;
      // 16 s: longer than the header timeout; the drippers send a byte every 4 s
      while (System.nanoTime() - start < Duration.ofSeconds(16).toNanos()) {
        worstPing = Math.max(worstPing, pingMillis(env));
        if (rounds++ % 4 == 0) {
          for (var socket : dripping) {
            drip(socket);
          }
        }
        Thread.sleep(1_000);
      }
      int silentClosed = closedCount(silent);
      int drippingOpen = dripping.size() - closedCount(dripping);
      live.sendText("[null,\"1\",\"phoenix\",\"heartbeat\",{}]");
      var reply = live.read(Duration.ofSeconds(5));
      boolean liveAnswered = reply != null && reply.text().contains("\"ok\"");
      return List.of(
          new SecurityProbes.Finding(
              "half-sent requests",
              silentClosed == clients && worstPing < ANSWERED_WITHIN_MILLIS,
              clients + " clients sent half a request head and went silent: " + silentClosed
                  + " closed by the server within 16 s;"
                  + " GET /api/ping meanwhile at worst " + worstPing + " ms (before them " + before + " ms)"),
          new SecurityProbes.Finding(
              "slow header drip (one byte per 4 s)",
              true,
              drippingOpen + " of " + dripping.size()
                  + " still open after 16 s: a per-read timeout cannot end them, the proxy's "
                  + "client_header_timeout must (see the README)"),
          new SecurityProbes.Finding(
              "live socket idle past the header timeout",
              liveAnswered,
              liveAnswered
                  ? "idle 16 s, then answered a heartbeat"
                  : "no heartbeat answer: " + (reply == null ? "closed" : reply.text())));
    } finally {
      live.close();
      for (var socket : silent) {
        socket.close();
      }
      for (var socket : dripping) {
        socket.close();
      }
    }
  }

  /** A starved server does not answer at all; on a loaded machine a ping may take a second. */
  static final long ANSWERED_WITHIN_MILLIS = 3_000;

  private static Socket halfRequest(BenchEnvironment env) throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", env.port()), 5_000);
    socket.getOutputStream()
        .write(("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  private static void drip(Socket socket) {
    try {
      socket.getOutputStream().write('a');
      socket.getOutputStream().flush();
    } catch (IOException closed) {
      // counted as closed below
    }
  }

  /** Sockets the server has closed (end of stream or reset), each probed for 10 ms. */
  private static int closedCount(List<Socket> sockets) throws IOException {
    int closed = 0;
    for (var socket : sockets) {
      socket.setSoTimeout(10);
      try {
        socket.getInputStream().read(); // end of stream, or an answer (400, 408): it is over either way
        closed++;
      } catch (SocketTimeoutException stillOpen) {
        // open
      } catch (IOException reset) {
        closed++;
      }
    }
    return closed;
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static long pingMillis(BenchEnvironment env) throws IOException, InterruptedException {
    long start = System.nanoTime();
    var response =
        CLIENT.send(
            HttpRequest.newBuilder(env.uri("/api/ping")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding());
    long millis = (System.nanoTime() - start) / 1_000_000;
    return response.statusCode() == 200 ? millis : 10_000;
  }
}
