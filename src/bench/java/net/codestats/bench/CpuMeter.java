package net.codestats.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used by the server JVM and by PostgreSQL (the postmaster, its live backends and
 * the backends it has reaped), from /proc. On a shared, noisy machine, CPU time per request
 * is a steadier measure than throughput: it does not depend on how much CPU others take.
 */
final class CpuMeter {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final long serverPid;
  private final Path postmasterPidFile;

  CpuMeter(long serverPid, Path dataDir) {
    this(dataDir.resolve("postgres/postmaster.pid"), serverPid);
  }

  /** For a PostgreSQL that is not the benchmark's embedded one (its {@code postmaster.pid}). */
  CpuMeter(Path postmasterPidFile, long serverPid) {
    this.serverPid = serverPid;
    this.postmasterPidFile = postmasterPidFile;
  }

  record Sample(double serverSeconds, double postgresSeconds) {
    Sample minus(Sample earlier) {
      return new Sample(serverSeconds - earlier.serverSeconds, postgresSeconds - earlier.postgresSeconds);
    }

    double totalSeconds() {
      return serverSeconds + postgresSeconds;
    }
  }

  Sample sample() {
    double server = serverPid > 0 ? ticks(serverPid, false) / TICKS_PER_SECOND : 0;
    double postgres = 0;
    try {
      long postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).getFirst().trim());
      postgres += ticks(postmaster, true);
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          String[] stat = stat(proc);
          if (stat != null && Long.parseLong(stat[1]) == postmaster) {
            postgres += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no PostgreSQL to measure
    }
    return new Sample(server, postgres / TICKS_PER_SECOND);
  }

  /** utime + stime (+ reaped children's) of one process, in clock ticks. */
  private static long ticks(long pid, boolean withReapedChildren) {
    String[] stat = stat(Path.of("/proc", Long.toString(pid)));
    if (stat == null) {
      return 0;
    }
    long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    if (withReapedChildren) {
      ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
    }
    return ticks;
  }

  /** Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime. */
  private static String[] stat(Path proc) {
    try {
      String text = Files.readString(proc.resolve("stat"));
      return text.substring(text.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
