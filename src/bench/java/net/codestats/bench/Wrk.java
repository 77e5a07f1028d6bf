package net.codestats.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Load from Debian's wrk (a small C client, as lean as pgbench is on the reference side), so
 * that the load generator takes as little of the shared CPU as possible. Pulses are built per
 * request by a Lua script: unique times and amounts, the load machines' tokens in turn.
 */
final class Wrk {

  private Wrk() {}

  static boolean available() {
    try {
      return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static LoadResult pulses(BenchEnvironment env, List<String> tokens, int connections, Duration warmup,
      Duration duration)
      throws IOException, InterruptedException {
    var script = new StringBuilder("local tokens = {");
    for (String token : tokens) {
      script.append('"').append(token).append("\",");
    }
    script.append(
        """
        }
        local counter = 0
        local threads = 0
        function setup(thread)
          thread:set("tid", threads)
          threads = threads + 1
        end
        function request()
          counter = counter + 1
          local token = tokens[(counter % #tokens) + 1]
          local codedAt = os.date("!%Y-%m-%dT%H:%M:%S", os.time() - 1) .. string.format(".%06d", counter % 1000000) .. "+00:00"
          local body = '{"coded_at":"' .. codedAt .. '","xps":[{"language":"Java","xp":' .. (counter % 97 + 1)
            .. '},{"language":"SQL","xp":' .. (tid + 1) .. '},{"language":"Markdown","xp":' .. (math.floor(counter / 97) % 5 + 1) .. '}]}'
          return wrk.format("POST", "/api/my/pulses", {["Content-Type"] = "application/json", ["X-API-Token"] = token}, body)
        end
        """);
    Path file = env.logs().resolve("wrk-pulses.lua");
    Files.writeString(file, script);
    return run("POST /api/my/pulses (wrk)", env.uri("/api/my/pulses"), file, connections, warmup, duration);
  }

  static LoadResult get(BenchEnvironment env, String path, int connections, Duration warmup, Duration duration)
      throws IOException, InterruptedException {
    return run("GET " + path + " (wrk)", env.uri(path), null, connections, warmup, duration);
  }

  /** A GET with headers (a signed-in reader's session cookie, a browser's Accept-Encoding). */
  static LoadResult getWithHeaders(BenchEnvironment env, String path, Map<String, String> headers, int connections,
      Duration warmup, Duration duration) throws IOException, InterruptedException {
    Path file = env.logs().resolve("wrk-header.lua");
    var script = new StringBuilder();
    headers.forEach((header, value) -> script
        .append("wrk.headers[\"%s\"] = \"%s\"\n".formatted(luaEscape(header), luaEscape(value))));
    Files.writeString(file, script);
    return run("GET " + path + " with " + String.join(", ", headers.keySet()) + " (wrk)", env.uri(path), file,
        connections, warmup, duration);
  }

  /** The same request again and again, with a body (e.g. a GraphQL query). */
  static LoadResult post(BenchEnvironment env, String path, String contentType, String body, int connections,
      Duration warmup,
      Duration duration) throws IOException, InterruptedException {
    String script =
        """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "%s"
        wrk.body = "%s"
        """.formatted(contentType, luaEscape(body));
    Path file = env.logs().resolve("wrk-post.lua");
    Files.writeString(file, script);
    return run("POST " + path + " (wrk)", env.uri(path), file, connections, warmup, duration);
  }

  private static String luaEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static LoadResult run(String name, URI uri, Path script, int connections, Duration warmup, Duration duration)
      throws IOException, InterruptedException {
    if (!warmup.isZero()) {
      wrk(uri, script, connections, warmup);
    }
    String output = wrk(uri, script, connections, duration);
    double rate = number(output, "Requests/sec:\\s+([\\d.]+)");
    long total = (long) number(output, "(\\d+) requests in");
    long non2xx = (long) number(output, "Non-2xx or 3xx responses: (\\d+)");
    long socketErrors = 0;
    Matcher errors =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(errors.group(g));
      }
    }
    // wrk prints a latency distribution; it is turned into a histogram holding those points
    var latency = new Histogram(60_000_000L, 3);
    Map<Double, Double> percentiles = new TreeMap<>();
    Matcher p = Pattern.compile("\\s+(\\d+(?:\\.\\d+)?)%\\s+([\\d.]+)(us|ms|s)").matcher(output);
    while (p.find()) {
      double micros = Double.parseDouble(p.group(2)) * switch (p.group(3)) {
        case "us" -> 1;
        case "ms" -> 1000;
        default -> 1_000_000;
      };
      percentiles.put(Double.parseDouble(p.group(1)), micros);
    }
    long previousCount = 0;
    for (var e : percentiles.entrySet()) {
      long count = Math.round(e.getKey() * 100) - previousCount;
      if (count > 0) {
        latency.recordValueWithCount(Math.max(1, Math.round(e.getValue())), count);
      }
      previousCount += Math.max(0, count);
    }
    long errorCount = non2xx + socketErrors;
    double seconds = duration.toSeconds();
    Map<String, Long> outcomes = new TreeMap<>();
    outcomes.put("ok", total - non2xx);
    if (non2xx > 0) {
      outcomes.put("non-2xx", non2xx);
    }
    if (socketErrors > 0) {
      outcomes.put("socket errors", socketErrors);
    }
    long ok = Math.round(rate * seconds) - Math.round(non2xx * (rate * seconds) / Math.max(1, total));
    return new LoadResult(name, ok, errorCount, outcomes, seconds, latency);
  }

  private static String wrk(URI uri, Path script, int connections, Duration duration)
      throws IOException, InterruptedException {
    var command =
        new ArrayList<>(List.of("wrk", "-t", "2", "-c", Integer.toString(connections), "-d", duration.toSeconds() + "s",
            "--timeout", "30s", "--latency"));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(uri.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return output;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
