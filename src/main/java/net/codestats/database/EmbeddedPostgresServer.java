package net.codestats.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that runs beside the application when no external database is
 * configured. Its data directory outlives the process, so data is kept between runs.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean ephemeral)
      throws IOException {
    Files.createDirectories(dataDirectory);
    stopOrphanedPostmaster(dataDirectory);
    var builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(ephemeral)
            .setPGStartupWait(Duration.ofSeconds(120))
            // The library turns durability off for speed in tests; an acknowledged pulse
            // must survive a crash, so it goes back on.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "200")
            .setServerConfig("shared_buffers", "256MB")
            .setLocaleConfig("locale", "C.UTF-8");
    if (port > 0) {
      builder.setPort(port);
    }
    var server = new EmbeddedPostgresServer(builder.start());
    log.info("Embedded PostgreSQL on port {} with data in {}", server.port(), dataDirectory);
    return server;
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * After the JVM was killed, its postmaster may still run on the data directory and would
   * make a new start fail. It is asked to shut down fast (clean, no data loss) first.
   */
  static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.getFirst().trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean isPostgres =
        process.flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
    if (!isPostgres) {
      return; // stale file: PostgreSQL itself handles a pid file whose process is gone
    }
    log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, dataDirectory);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      process.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
    } catch (Exception e) {
      throw new IOException("Could not stop the orphaned PostgreSQL (pid " + pid + ")", e);
    }
  }
}
