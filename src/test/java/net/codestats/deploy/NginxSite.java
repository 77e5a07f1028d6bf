package net.codestats.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The shipped nginx site (deploy/nginx/codestats.conf) run by Debian's nginx as a process of
 * its own, in a directory of its own, with a self-signed certificate: only the listen ports,
 * the certificate paths and the upstream's two nodes are replaced. Used by {@code NginxSiteTest}
 * and by the cluster test ({@code bench/cluster}).
 */
public final class NginxSite {

  public static final Path NGINX = Path.of("/usr/sbin/nginx");
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");
  static final Path SITE = Path.of("deploy/nginx/codestats.conf");
  static final String HSTS_LINE =
      "add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;";

  private NginxSite() {}

  public static boolean toolsPresent() {
    return Files.isExecutable(NGINX) && Files.isExecutable(OPENSSL);
  }

  /** A self-signed certificate for 127.0.0.1 as {@code fullchain.pem} and {@code privkey.pem} in {@code dir}. */
  public static void makeCertificate(Path dir) throws IOException, InterruptedException {
    run(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", dir.resolve("privkey.pem").toString(), "-out", dir.resolve("fullchain.pem").toString());
  }

  /** TLS that trusts the certificate {@link #makeCertificate} made (and nothing else). */
  public static SSLContext trusting(Path dir) throws IOException, GeneralSecurityException {
    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("fullchain.pem"))) {
      trust.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    var tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return tls;
  }

  /**
   * The shipped site with these ports and the certificate in {@code certDir}; {@code serverLines}
   * (e.g. an {@code add_header}) are added to the HTTPS server after its HSTS header.
   */
  public static String site(Path certDir, int firstNode, int secondNode, int httpPort, int tlsPort,
      String serverLines) throws IOException {
    String site = Files.readString(SITE);
    for (String expected : List.of("listen 80;", "listen 443 ssl http2;", "server 127.0.0.1:8080 ",
        "server 127.0.0.1:8090 ", "/etc/ssl/codestats/fullchain.pem", "/etc/ssl/codestats/privkey.pem", HSTS_LINE)) {
      if (!site.contains(expected)) {
        throw new IllegalStateException(SITE + " no longer contains " + expected);
      }
    }
    return site.lines()
        .filter(line -> !line.contains("listen [::]"))
        .map(line -> line.replace("listen 80;", "listen 127.0.0.1:" + httpPort + ";")
            .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + tlsPort + " ssl http2;")
            .replace("server 127.0.0.1:8080 ", "server 127.0.0.1:" + firstNode + " ")
            .replace("server 127.0.0.1:8090 ", "server 127.0.0.1:" + secondNode + " ")
            .replace("/etc/ssl/codestats/", certDir.toString() + "/")
            .replace(HSTS_LINE, serverLines.isEmpty() ? HSTS_LINE : HSTS_LINE + "\n    " + serverLines))
        .reduce("", (a, b) -> a + b + "\n");
  }

  /**
   * Writes {@code site} and an nginx.conf around it into {@code dir}, checks them with
   * {@code nginx -t} and starts nginx in the foreground; returns once it listens on {@code tlsPort}.
   * The access log ({@code access.log}) has, per request and separated by {@code |}: the time (s),
   * the status, method and path, the nodes tried and their answers, the request time.
   */
  public static Process start(Path dir, String site, int tlsPort) throws IOException, InterruptedException {
    String d = dir.toString();
    Files.writeString(dir.resolve("site.conf"), site);
    Files.writeString(dir.resolve("nginx.conf"), """
        daemon off;
        master_process off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 2048; }
        http {
          include /etc/nginx/mime.types;
          log_format upstreams '$msec|$status|$request_method|$uri|$upstream_addr|$upstream_status|$request_time';
          access_log %1$s/access.log upstreams;
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
    Process nginx = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening(tlsPort)) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        nginx.destroy();
        throw new IllegalStateException("nginx does not listen on " + tlsPort + " within 10 s: "
            + Files.readString(dir.resolve("error.log")));
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  static boolean listening(int port) {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
