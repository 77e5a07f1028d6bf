package net.codestats.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand, for what the JDK's client refuses to send (a forged {@code Host},
 * a WebSocket upgrade with any {@code Origin}). One request per connection.
 */
final class RawHttp {

  /** The status line's code, and the headers as {@code name: value} lines. */
  record Answer(int status, List<String> headers, String body) {
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip())
          .findFirst()
          .orElse(null);
    }

    List<String> cookies() {
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("set-cookie:")).toList();
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the blank line) and an optional body. */
  static Answer send(int port, String head, String body) {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String request = head + "\r\n" + (body == null ? "" : "Content-Length: " + bytes.length + "\r\n")
          + (head.contains("\r\nConnection:") ? "" : "Connection: close\r\n") + "\r\n";
      var out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      return parse(readUntilHeadersAndBody(socket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads to the end of the stream, or only the head for a 101 (the connection stays open). */
  private static String readUntilHeadersAndBody(Socket socket) throws IOException {
    var in = socket.getInputStream();
    var buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      buffer.write(chunk, 0, n);
      String text = buffer.toString(StandardCharsets.ISO_8859_1);
      if (text.startsWith("HTTP/1.1 101") && text.contains("\r\n\r\n")) {
        break;
      }
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static Answer parse(String response) {
    int end = response.indexOf("\r\n\r\n");
    String head = end < 0 ? response : response.substring(0, end);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    var headers = new ArrayList<String>(List.of(lines).subList(1, lines.length));
    return new Answer(status, headers, end < 0 ? "" : response.substring(end + 4));
  }
}
