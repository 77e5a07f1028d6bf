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
 */
final class ServerProcess implements AutoCloseable {

  /** The flags the benchmark runs every JVM with (the server and the reference app alike). */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms64m",
          "-Xmx256m",
          "-XX:MaxMetaspaceSize=160m",
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:MaxDirectMemorySize=64m",
          "-Xss512k",
          "-XX:+ExitOnOutOfMemoryError");

  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final String name;
  private final Path log;
  private final long spawnedAt;
  private final URI readyUri;

  private ServerProcess(String name, Process process, Path log, long spawnedAt, URI readyUri) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.spawnedAt = spawnedAt;
    this.readyUri = readyUri;
  }

  static ServerProcess start(String name, Path javaHome, Path jar, List<String> args, Path log, URI readyUri)
      throws IOException {
    return start(name, javaHome, List.of(), jar, args, log, readyUri);
  }

  /** With JVM flags of its own after {@link #JVM_FLAGS}, e.g. {@code -XX:AOTCache=…}. */
  static ServerProcess start(
      String name, Path javaHome, List<String> jvmFlags, Path jar, List<String> args, Path log, URI readyUri)
      throws IOException {
    var command = new ArrayList<String>();
    command.add(javaHome.resolve("bin/java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(jvmFlags);
    // e.g. BENCH_EXTRA_JVM_FLAGS=-XX:StartFlightRecording=filename=server.jfr to profile
    String extra = System.getenv("BENCH_EXTRA_JVM_FLAGS");
    if (extra != null && !extra.isBlank() && name.equals("server")) {
      command.addAll(List.of(extra.strip().split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    long spawnedAt = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    // a benchmark stopped with Ctrl-C must not leave servers behind
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    return new ServerProcess(name, process, log, spawnedAt, readyUri);
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

  /** SIGTERM and wait for the graceful shutdown. */
  void stop() throws InterruptedException {
    stop(Duration.ofSeconds(60));
  }

  /** SIGTERM and wait up to {@code timeout} for the JVM to exit, then SIGKILL. */
  void stop(Duration timeout) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
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
