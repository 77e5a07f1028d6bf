package net.codestats.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The results table (Markdown), printed and written to a file. */
final class Report {

  record Row(String what, String result, String reference, String ratio, String target, String verdict) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void row(String what, String result, String reference, String ratio, String target, Boolean met) {
    var row = new Row(what, result, reference, ratio, target, met == null ? "–" : met ? "yes" : "**no**");
    rows.add(row);
    System.out.println("[" + row.verdict().replace("*", "") + "] " + what + ": " + result);
  }

  void note(String note) {
    notes.add(note);
    System.out.println("  " + note);
  }

  String markdown(String command) {
    var text = new StringBuilder();
    text.append("Run ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ").append(machine())
        .append("\n\n");
    text.append("Command: `").append(command).append("`\n\n");
    text.append("| what | result | reference (same run) | ratio | target | met |\n|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      text.append("| ")
          .append(String.join(" | ", r.what(), r.result(), r.reference(), r.ratio(), r.target(), r.verdict()))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      text.append("\nDetails:\n\n");
      notes.forEach(n -> text.append("- ").append(n).append('\n'));
    }
    return text.toString();
  }

  void write(Path file, String command) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, markdown(command));
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .orElse(cpu);
    } catch (IOException ignored) {
      // keep the default
    }
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return "%d cores (%s), %d GiB RAM, %s %s, Java %s"
        .formatted(
            Runtime.getRuntime().availableProcessors(), cpu, memory >> 30, System.getProperty("os.name"),
            System.getProperty("os.version"), System.getProperty("java.version"));
  }

  static String ms(double value) {
    return Double.isNaN(value) ? "–" : "%.1f ms".formatted(value);
  }

  static String ratio(double value) {
    return "%.2f".formatted(value);
  }

  static String mb(long bytes) {
    return "%d MB".formatted(bytes >> 20);
  }
}
