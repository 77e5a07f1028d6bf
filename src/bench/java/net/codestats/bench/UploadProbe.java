package net.codestats.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How large a body an anonymous client makes the server read, per target: a body of each
 * size is declared and all of it but the last byte sent (for the largest only a prefix); a
 * server that reads such bodies waits for the rest, one that does not answers at once. And
 * how much Tomcat's temporary directory grows while four anonymous clients upload 64 MB
 * each to the log-in form.
 */
final class UploadProbe implements SecurityProbes.Probe {

  static final long KB = 1 << 10;
  static final long MB = 1 << 20;
  /** declared sizes; up to 16 MB all but the last byte is sent, beyond that a 32 KB prefix */
  static final long[] SIZES = {16 * KB, 64 * KB, 1 * MB, 16 * MB, 512 * MB};

  static final long LIMIT = 64 * KB;

  record Target(String name, String requestLine, String contentType, boolean needsToken) {}

  static final List<Target> TARGETS =
      List.of(
          new Target("/login", "POST /login", "multipart/form-data; boundary=x", false),
          new Target("/login (form)", "POST /login", "application/x-www-form-urlencoded", false),
          new Target("/signup", "POST /signup", "multipart/form-data; boundary=x", false),
          new Target("/my/import without log-in", "POST /my/import", "text/csv", true),
          new Target("/profile-graph", "POST /profile-graph", "application/json", false));

  @Override
  public List<SecurityProbes.Finding> run(BenchEnvironment env, Dataset dataset, boolean isShort) throws Exception {
    String token = anonymousCsrf(env);
    var findings = new ArrayList<SecurityProbes.Finding>();
    for (Target target : TARGETS) {
      long largest = 0;
      var answers = new ArrayList<String>();
      for (long size : SIZES) {
        String answer = answerTo(env, target, size, target.needsToken() ? token : null);
        answers.add(human(size) + ": " + answer);
        if (answer.equals("waits for the body")) {
          largest = size;
        }
      }
      findings.add(
          new SecurityProbes.Finding(
              "anonymous body to " + target.name(),
              largest <= LIMIT,
              "largest read " + (largest == 0 ? "none of " + human(SIZES[0]) : human(largest)) + " ("
                  + String.join(", ", answers) + ")"));
    }
    findings.add(tempGrowth(env, isShort ? 16 * MB : 64 * MB));
    return findings;
  }

  /** What the server does with a body of {@code size}: answers (status), closes, or waits. */
  static String answerTo(BenchEnvironment env, Target target, long size, String token) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", env.port()), 5_000);
      socket.setSoTimeout(3_000);
      String head =
          target.requestLine() + " HTTP/1.1\r\nHost: 127.0.0.1:" + env.port()
              + "\r\nAccept: text/html\r\nContent-Type: "
              + target.contentType() + "\r\nContent-Length: " + size + "\r\n"
              + (token == null
                  ? ""
                  : "X-XSRF-TOKEN: " + token.split("\n")[0] + "\r\nCookie: " + token.split("\n")[1] + "\r\n")
              + "Connection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      long toSend = size <= 16 * MB ? size - 1 : 32 * KB;
      try {
        send(out, toSend);
      } catch (IOException closed) {
        // the server gave up on the body: read what it answered
      }
      return status(socket.getInputStream());
    }
  }

  private static void send(OutputStream out, long bytes) throws IOException {
    byte[] chunk = new byte[64 << 10];
    java.util.Arrays.fill(chunk, (byte) 'a');
    for (long sent = 0; sent < bytes;) {
      int n = (int) Math.min(chunk.length, bytes - sent);
      out.write(chunk, 0, n);
      sent += n;
    }
    out.flush();
  }

  private static String status(InputStream in) {
    try {
      byte[] line = in.readNBytes(12);
      String text = new String(line, StandardCharsets.ISO_8859_1);
      return text.startsWith("HTTP/1.1 ") ? text.substring(9, 12) : "closed";
    } catch (SocketTimeoutException waiting) {
      return "waits for the body";
    } catch (IOException reset) {
      return "closed";
    }
  }

  /** Four anonymous 64 MB multipart uploads to /login at once; Tomcat's directories sampled. */
  static SecurityProbes.Finding tempGrowth(BenchEnvironment env, long each) throws Exception {
    long before = tomcatTempBytes(env);
    var done = new AtomicBoolean();
    var peak = new AtomicLong(before);
    var target = TARGETS.get(0);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var sampler =
          pool.submit(
              () -> {
                while (!done.get()) {
                  peak.accumulateAndGet(tomcatTempBytes(env), Math::max);
                  Thread.sleep(50);
                }
                return null;
              });
      var uploads = new ArrayList<Future<String>>();
      for (int i = 0; i < 4; i++) {
        uploads.add(
            pool.submit(
                () -> {
                  try (var socket = new Socket("127.0.0.1", env.port())) {
                    socket.setSoTimeout(30_000);
                    String head =
                        target.requestLine() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + target.contentType()
                            + "\r\nContent-Length: " + each + "\r\nConnection: close\r\n\r\n";
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                    try {
                      send(socket.getOutputStream(), each);
                    } catch (IOException closed) {
                      // refused early
                    }
                    return status(socket.getInputStream());
                  }
                }));
      }
      var answers = new ArrayList<String>();
      for (var upload : uploads) {
        answers.add(upload.get());
      }
      done.set(true);
      sampler.get();
      long growth = Math.max(0, peak.get() - before);
      return new SecurityProbes.Finding(
          "temporary files during 4 anonymous " + human(each) + " uploads to /login",
          growth < 1 * MB,
          "grew by " + human(growth) + " at most; answers " + answers);
    }
  }

  /** Bytes under the server's Tomcat base directories ({@code /tmp/tomcat.<port>.*}). */
  static long tomcatTempBytes(BenchEnvironment env) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long total = 0;
    try (Stream<Path> dirs = Files.list(tmp)) {
      for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("tomcat." + env.port() + ".")).toList()) {
        try (Stream<Path> files = Files.walk(dir)) {
          total += files.filter(Files::isRegularFile).mapToLong(UploadProbe::sizeOf).sum();
        }
      }
    } catch (java.io.UncheckedIOException vanished) {
      // a spooled file deleted while walking
    }
    return total;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException gone) {
      return 0;
    }
  }

  /** A CSRF token any visitor gets from the log-in page: token, newline, cookie header value. */
  static String anonymousCsrf(BenchEnvironment env) throws IOException, InterruptedException {
    var cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    var client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
    var page = client.send(HttpRequest.newBuilder(env.uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
    var matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
    String token = matcher.find() ? matcher.group(1) : "none";
    String cookie =
        cookies.getCookieStore().getCookies().stream()
            .map(HttpCookie::toString)
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    return token + "\n" + cookie;
  }

  static String human(long bytes) {
    return bytes >= MB ? bytes / MB + " MB" : bytes >= KB ? bytes / KB + " KB" : bytes + " B";
  }
}
