package net.codestats.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** nginx's access log as {@code NginxSite} writes it: what the proxy saw of each request and the nodes it tried. */
final class NginxLog {

  /** One request: when it ended (ms since the epoch), its status, the nodes tried and their answers, in order. */
  record Entry(long at, int status, String method, String path, List<String> nodes, List<String> nodeStatuses) {
    String finalNode() {
      return nodes.isEmpty() ? "-" : nodes.getLast();
    }

    boolean retried() {
      return nodes.size() > 1;
    }
  }

  private NginxLog() {}

  static List<Entry> entries(Path log, long fromMillis, long untilMillis) {
    try {
      return Files.readAllLines(log).stream()
          .map(line -> line.split("\\|", -1))
          .filter(f -> f.length == 7)
          .map(f -> new Entry((long) (Double.parseDouble(f[0]) * 1000), Integer.parseInt(f[1]), f[2], f[3],
              List.of(f[4].split(", ")), List.of(f[5].split(", "))))
          .filter(e -> e.at() >= fromMillis && e.at() <= untilMillis)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Statuses clients got, how many requests were tried on a second node (and what the first one did), per node. */
  static String summary(Path log, long fromMillis) {
    var entries = entries(log, fromMillis, Long.MAX_VALUE);
    Map<Integer, Long> statuses = entries.stream().collect(Collectors.groupingBy(Entry::status, TreeMap::new,
        Collectors.counting()));
    var retried = entries.stream().filter(Entry::retried).toList();
    Map<String, Long> firstTries = retried.stream().collect(Collectors.groupingBy(e -> e.nodeStatuses().getFirst(),
        TreeMap::new, Collectors.counting()));
    Map<String, Long> nodes = entries.stream().collect(Collectors.groupingBy(Entry::finalNode, TreeMap::new,
        Collectors.counting()));
    return "%d requests through nginx, statuses %s, answered by %s; %d retried on the other node (the first node's answer: %s)"
        .formatted(entries.size(), statuses, nodes, retried.size(), firstTries);
  }
}
