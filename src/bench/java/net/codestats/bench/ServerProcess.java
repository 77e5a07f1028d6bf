package net.codestats.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java server started as a separate process (the packaged jar in its own JVM), with its
 * output in a log file. Start-up time is measured from spawning the JVM to the first 200 of
 * a small URL.
 *
 * <p>However the tools end (normally, by an exception, by Ctrl-C through a shutdown hook), a
 * stopped server leaves nothing running: it gets SIGTERM and time to shut down, SIGKILL after
 * that, and then its embedded PostgreSQL, if the postmaster outlived it (as after a SIGKILL),
 * is stopped with {@code pg_ctl}. Only {@link #kill()} leaves the postmaster behind on purpose.
 */
final class ServerProcess implements AutoCloseable {

  /** The flags the benchmark runs every JVM with (the server and the reference app alike). */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms64m",
          "-Xmx256m",
          "-XX:MaxMetaspaceSize=160m",
          "-XX:MaxDirectMemorySize=64m",
          "-Xss512k",
          "-XX:+ExitOnOutOfMemoryError");

  /** glibc's malloc arenas for every JVM started here, as in {@code deploy/systemd/codestats@.service}. */
  static final String MALLOC_ARENAS = "2";

  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final String name;
  private final Path log;
  private final long spawnedAt;
  private final URI readyUri;
  /** The embedded PostgreSQL's data directory, or null for a server without one. */
  private final Path postgresData;
  private final Thread shutdownHook;

  private ServerProcess(String name, Process process, Path log, long spawnedAt, URI readyUri, Path postgresData) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.spawnedAt = spawnedAt;
    this.readyUri = readyUri;
    this.postgresData = postgresData;
    // a run stopped with Ctrl-C (or System.exit) must not leave servers or databases behind
    this.shutdownHook = new Thread(() -> {
      try {
        stopAll(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "stop " + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static ServerProcess start(String name, Path javaHome, Path jar, List<String> args, Path log, URI readyUri)
      throws IOException {
    return start(name, javaHome, List.of(), jar, args, log, readyUri, null);
  }

  /** With JVM flags of its own after {@link #JVM_FLAGS}, e.g. {@code -XX:AOTCache=…}. */
  static ServerProcess start(
      String name, Path javaHome, List<String> jvmFlags, Path jar, List<String> args, Path log, URI readyUri)
      throws IOException {
    return start(name, javaHome, jvmFlags, jar, args, log, readyUri, null);
  }

  /** @param postgresData the embedded PostgreSQL's data directory, stopped with the server if it outlives it */
  static ServerProcess start(
      String name, Path javaHome, List<String> jvmFlags, Path jar, List<String> args, Path log, URI readyUri,
      Path postgresData)
      throws IOException {
    var command = new ArrayList<String>();
    command.add(javaHome.resolve("bin/java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(jvmFlags);
    // e.g. BENCH_EXTRA_JVM_FLAGS=-XX:StartFlightRecording=filename=server-%p.jfr to profile (cluster nodes too)
    String extra = System.getenv("BENCH_EXTRA_JVM_FLAGS");
    if (extra != null && !extra.isBlank() && (name.equals("server") || name.startsWith("node "))) {
      command.addAll(List.of(extra.strip().split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    long spawnedAt = System.nanoTime();
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // as the systemd unit runs a node: two malloc arenas (the launcher's setting wins)
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
    Process process = builder.start();
    return new ServerProcess(name, process, log, spawnedAt, readyUri, postgresData);
  }

  /** Waits for the first 200 and returns the time since the JVM was spawned. */
  Duration awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        var response =
            PROBE.send(
                HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - spawnedAt);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Resident memory of the JVM process in bytes (the embedded PostgreSQL is not included). */
  long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** SIGKILL: no shutdown hooks, no graceful anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait for the graceful shutdown (SIGKILL after a minute); then no postmaster is left. */
  void stop() throws InterruptedException {
    stop(Duration.ofSeconds(60));
  }

  /** SIGTERM and wait up to {@code timeout} for the JVM to exit (SIGKILL after); then no postmaster is left. */
  void stop(Duration timeout) throws InterruptedException {
    stopAll(timeout);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private synchronized void stopAll(Duration timeout) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        System.err.println(name + " did not stop within " + timeout.toSeconds() + " s of SIGTERM: killed");
        process.destroyForcibly();
        process.waitFor();
      }
    }
    if (postgresData != null) {
      stopOrphanedPostmaster(postgresData);
    }
  }

  /** The postmaster that {@code postmaster.pid} in the data directory names, if it is a live PostgreSQL. */
  static java.util.Optional<ProcessHandle> postmaster(Path postgresData) {
    Path pidFile = postgresData.resolve("postmaster.pid");
    try {
      List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
      if (lines.isEmpty()) {
        return java.util.Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.getFirst().trim()))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Stops a postmaster left running on the data directory: {@code pg_ctl stop -m fast} from the
   * same installation (a clean shutdown), SIGINT if that fails, SIGKILL as the last resort.
   */
  static void stopOrphanedPostmaster(Path postgresData) throws InterruptedException {
    var postmaster = postmaster(postgresData).orElse(null);
    if (postmaster == null) {
      return;
    }
    System.err
        .println("Stopping the PostgreSQL (pid " + postmaster.pid() + ") that outlived its server on " + postgresData);
    var pgCtl = postmaster.info().command().map(c -> Path.of(c).resolveSibling("pg_ctl")).filter(Files::isExecutable);
    try {
      if (pgCtl.isPresent()) {
        new ProcessBuilder(pgCtl.get().toString(), "stop", "-D", postgresData.toString(), "-m", "fast", "-w", "-t",
            "60")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(70, java.util.concurrent.TimeUnit.SECONDS);
      }
      if (postmaster.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
        postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      System.err.println("Could not stop PostgreSQL (pid " + postmaster.pid() + ") cleanly: " + e + "; killing it");
      postmaster.destroyForcibly();
    }
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
