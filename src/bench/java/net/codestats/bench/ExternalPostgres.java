package net.codestats.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own PostgreSQL (Debian's cluster, port 5432), stopped and started with
 * {@code pg_ctlcluster} as root. Once stopped, it is started again however the run ends: by
 * {@link #start()}, or by a shutdown hook.
 */
final class ExternalPostgres {

  private final String version;
  private final String name = "main";
  private final Thread startAgain = Thread.ofPlatform().unstarted(this::startQuietly);
  private boolean stopped;

  /** @param version the Debian cluster's version; blank: the only one in /etc/postgresql */
  ExternalPostgres(String version) throws IOException {
    if (version.isBlank()) {
      try (var versions = Files.list(Path.of("/etc/postgresql"))) {
        version = versions.map(p -> p.getFileName().toString()).sorted().findFirst()
            .orElseThrow(() -> new IllegalStateException("no cluster in /etc/postgresql"));
      }
    }
    this.version = version;
  }

  synchronized void stop() throws IOException, InterruptedException {
    Runtime.getRuntime().addShutdownHook(startAgain);
    stopped = true;
    ctl("stop");
  }

  synchronized void start() throws IOException, InterruptedException {
    if (!stopped) {
      return;
    }
    ctl("start");
    stopped = false;
    try {
      Runtime.getRuntime().removeShutdownHook(startAgain);
    } catch (IllegalStateException shuttingDown) {
      // this is the hook
    }
  }

  private void startQuietly() {
    try {
      start();
    } catch (IOException | InterruptedException e) {
      System.err.println("could not start PostgreSQL " + this + " again: " + e);
    }
  }

  private void ctl(String action) throws IOException, InterruptedException {
    var process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, name, action)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("pg_ctlcluster " + version + " " + name + " " + action + " failed: " + output);
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL " + version + "/" + name;
  }
}
