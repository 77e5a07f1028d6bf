package net.codestats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.system.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped nginx site (deploy/nginx/codestats.conf) with Debian's nginx in front of the
 * test server, over HTTPS with a self-signed certificate: only ports, certificate paths and
 * the upstream's nodes are replaced. The upstream's first node is a closed port, so every
 * request also shows the failover. Skipped without nginx and openssl, except under CI=true.
 */
@IntegrationTest
class NginxSiteTest {

  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final Path OPENSSL = Path.of("/usr/bin/openssl");
  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final JsonMapper JSON = JsonMapper.shared();

  @TempDir static Path dir;
  static Process nginx;
  static int httpsPort;
  static HttpClient client;
  static SSLContext tls;

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired RateLimits limits;

  @BeforeAll
  static void checkTools() throws Exception {
    boolean present = Files.isExecutable(NGINX) && Files.isExecutable(OPENSSL);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("nginx and openssl are needed (apt-get install nginx openssl)");
    }
    Assumptions.assumeTrue(present, "nginx or openssl missing: apt-get install nginx openssl");
    run(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", dir.resolve("privkey.pem").toString(), "-out", dir.resolve("fullchain.pem").toString());
    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("fullchain.pem"))) {
      trust.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    client = clientFrom(InetAddress.getLoopbackAddress());
  }

  static HttpClient clientFrom(InetAddress local) {
    return HttpClient.newBuilder()
        .sslContext(tls)
        .localAddress(local)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The shipped site with this machine's ports and the test certificate. */
  static String site(int appPort, int closedPort, int httpPort, int tlsPort) throws IOException {
    String site = Files.readString(Path.of("deploy/nginx/codestats.conf"));
    for (String expected : List.of("listen 80;", "listen 443 ssl http2;", "server 127.0.0.1:8080 ",
        "server 127.0.0.1:8090 ", "/etc/ssl/codestats/fullchain.pem", "/etc/ssl/codestats/privkey.pem")) {
      assertThat(site).contains(expected);
    }
    return site.lines()
        .filter(line -> !line.contains("listen [::]"))
        .map(line -> line.replace("listen 80;", "listen 127.0.0.1:" + httpPort + ";")
            .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + tlsPort + " ssl http2;")
            .replace("server 127.0.0.1:8080 ", "server 127.0.0.1:" + closedPort + " ")
            .replace("server 127.0.0.1:8090 ", "server 127.0.0.1:" + appPort + " ")
            .replace("/etc/ssl/codestats/", dir.toString() + "/"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  void startNginx() throws Exception {
    if (nginx != null) {
      return;
    }
    httpsPort = freePort();
    int closed = freePort(); // nothing listens there: the node that is down
    String d = dir.toString();
    Files.writeString(dir.resolve("site.conf"), site(port, closed, freePort(), httpsPort));
    Files.writeString(dir.resolve("nginx.conf"), """
        daemon off;
        master_process off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 256; }
        http {
          include /etc/nginx/mime.types;
          access_log %1$s/access.log;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          include %1$s/site.conf;
        }
        """.formatted(d));
    String[] command = {NGINX.toString(), "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf"};
    // the shipped file passes nginx's own check
    run(command[0], command[1], command[2], command[3], command[4], command[5], command[6], "-t");
    nginx = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(httpsPort)) {
      assertThat(nginx.isAlive()).as("nginx runs: %s", Files.readString(dir.resolve("error.log"))).isTrue();
      assertThat(System.nanoTime()).as("nginx listens within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stopNginx() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
      nginx = null;
    }
  }

  URI https(String path) {
    return URI.create("https://127.0.0.1:" + httpsPort + path);
  }

  HttpResponse<byte[]> send(HttpClient from, HttpRequest.Builder request) throws Exception {
    return from.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  String pulse() {
    String codedAt =
        CODED_AT.format(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusSeconds(5));
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Nginxlang\",\"xp\":5}]}";
  }

  @Test
  void pagesAndPulsesOverHttp2WithHstsAndGzipThroughTheNodeThatIsUp() throws Exception {
    startNginx();
    var page = send(client, HttpRequest.newBuilder(https("/")).header("Accept-Encoding", "gzip"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(page.headers().allValues("Strict-Transport-Security"))
        .containsExactly("max-age=63072000; includeSubDomains");
    assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String html = new String(new GZIPInputStream(new ByteArrayInputStream(page.body())).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(html).contains("<html");

    var css = send(client, HttpRequest.newBuilder(https("/css/site.css")));
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().allValues("Cache-Control")).containsExactly("max-age=3600");
    assertThat(css.headers().allValues("Strict-Transport-Security")).hasSize(1);

    var coder = new TestUsers(accounts, machines).userWithMachine("nginxpulse");
    for (int i = 0; i < 4; i++) { // round robin: half of them meet the closed node first
      var stored = send(client, HttpRequest.newBuilder(https("/api/my/pulses"))
          .header("Content-Type", "application/json").header("X-API-Token", coder.token())
          .POST(HttpRequest.BodyPublishers.ofString(pulse())));
      assertThat(stored.statusCode()).isEqualTo(201);
    }
    var profile = send(client, HttpRequest.newBuilder(https("/api/users/" + coder.user().username())));
    assertThat(new String(profile.body(), StandardCharsets.UTF_8)).contains("\"Nginxlang\"");
    assertThat(Files.readString(dir.resolve("error.log"))).contains("Connection refused");

    var plain = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(plain.statusCode()).as("the node itself, for comparison").isEqualTo(200);
    assertThat(send(client, HttpRequest.newBuilder(https("/actuator/prometheus"))).statusCode()).isEqualTo(404);
  }

  @Test
  void theClientAddressReachesTheAppThroughTheProxyOnly() throws Exception {
    startNginx();
    // The app exempts 127.0.0.1 from the per-address limits; another loopback address is a
    // client of its own. Its GraphQL bucket is emptied here, so the app refuses it exactly
    // when it sees that address, i.e. when it took X-Forwarded-For from nginx.
    String elsewhere = "127.0.14.3";
    var graphql = new RateLimits.Limit("graphql-address", 300, Duration.ofMinutes(5));
    var query = HttpRequest.newBuilder(https("/profile-graph")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"));
    HttpClient fromElsewhere = clientFrom(InetAddress.getByName(elsewhere));
    // the connection is opened first: the bucket refills one request a second
    assertThat(send(fromElsewhere, HttpRequest.newBuilder(https("/health"))).statusCode()).isEqualTo(200);
    int status = 0;
    for (int attempt = 0; attempt < 3 && status != 429; attempt++) {
      empty(graphql, elsewhere);
      status = send(fromElsewhere, query).statusCode();
    }
    assertThat(status).isEqualTo(429);
    assertThat(send(client, query).statusCode()).isEqualTo(200);
    // a header the client sends itself is replaced, not believed
    empty(graphql, elsewhere);
    assertThat(send(client, query.header("X-Forwarded-For", elsewhere)).statusCode()).isEqualTo(200);
  }

  void empty(RateLimits.Limit limit, String address) {
    while (limits.tryTake(limit, address) == 0) {
      // take what is left
    }
  }

  @Test
  void theLiveSocketUpgradesThroughTheProxyAndGetsPushes() throws Exception {
    startNginx();
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    var listener = new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          frames.add(partial.toString());
          partial.setLength(0);
        }
        socket.request(1);
        return null;
      }
    };
    URI uri = URI.create("wss://127.0.0.1:" + httpsPort + "/live_update_socket/websocket?vsn=2.0.0");
    WebSocket socket = client.newWebSocketBuilder().buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
    try {
      var coder = new TestUsers(accounts, machines).userWithMachine("nginxlive");
      String topic = "users:" + coder.user().username();
      socket.sendText(JSON.writeValueAsString(List.of("1", "1", topic, "phx_join", Map.of())), true).join();
      JsonNode reply = next(frames, f -> "phx_reply".equals(f.get(3).asString()));
      assertThat(reply.get(4).get("status").asString()).isEqualTo("ok");

      var stored = send(client, HttpRequest.newBuilder(https("/api/my/pulses"))
          .header("Content-Type", "application/json").header("X-API-Token", coder.token())
          .POST(HttpRequest.BodyPublishers.ofString(pulse())));
      assertThat(stored.statusCode()).isEqualTo(201);
      JsonNode push = next(frames, f -> topic.equals(f.get(2).asString()) && "new_pulse".equals(f.get(3).asString()));
      assertThat(push.get(4).toString()).contains("Nginxlang");
    } finally {
      socket.abort();
    }
  }

  static JsonNode next(BlockingQueue<String> frames, Predicate<JsonNode> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      String text = frames.poll(200, TimeUnit.MILLISECONDS);
      if (text != null) {
        JsonNode frame = JSON.readTree(text);
        if (frame.isArray() && wanted.test(frame)) {
          return frame;
        }
      }
    }
    throw new AssertionError("no such frame within 15 s; received " + frames);
  }

  static boolean listening(int port) {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}
