package net.codestats.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client against the running test server; follows no redirects. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final int port;

  public Http(int port) {
    this.port = port;
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** A GET with one extra header. */
  public HttpResponse<String> get(String path, String header, String value) {
    return send(request(path).header(header, value).GET().build());
  }

  public HttpResponse<String> postPulse(String token, String json) {
    return send(
        request("/api/my/pulses")
            .header("Content-Type", "application/json")
            .header("X-API-Token", token)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The body as it came, e.g. still gzipped. */
  public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return CLIENT.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
