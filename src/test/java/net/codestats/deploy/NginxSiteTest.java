package net.codestats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    boolean present = NginxSite.toolsPresent();
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("nginx and openssl are needed (apt-get install nginx openssl)");
    }
    Assumptions.assumeTrue(present, "nginx or openssl missing: apt-get install nginx openssl");
    NginxSite.makeCertificate(dir);
    tls = NginxSite.trusting(dir);
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

  void startNginx() throws Exception {
    if (nginx != null) {
      return;
    }
    httpsPort = freePort();
    int closed = freePort(); // nothing listens there: the node that is down
    nginx = NginxSite.start(dir, NginxSite.site(dir, closed, port, freePort(), httpsPort, ""), httpsPort);
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

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
