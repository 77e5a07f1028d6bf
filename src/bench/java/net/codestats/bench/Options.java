package net.codestats.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} and {@code --flag} arguments. */
final class Options {

  private final Map<String, String> values = new HashMap<>();

  Options(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      int eq = arg.indexOf('=');
      if (eq < 0) {
        values.put(arg.substring(2), "true");
      } else {
        values.put(arg.substring(2, eq), arg.substring(eq + 1));
      }
    }
  }

  Map<String, String> asMap() {
    return values;
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  /** {@code --quick} (benchmark) or {@code --short} (fault tests): the short CI form. */
  boolean quick() {
    return flag("quick") || flag("short");
  }

  int integer(String name, int quick, int normal) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : quick() ? quick : normal;
  }

  long number(String name, long quick, long normal) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : quick() ? quick : normal;
  }

  /** Seconds, or a duration with a unit: {@code 90}, {@code 90s}, {@code 10m}. */
  Duration duration(String name, Duration quick, Duration normal) {
    if (!values.containsKey(name)) {
      return quick() ? quick : normal;
    }
    String text = values.get(name).strip().toLowerCase();
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("s")) {
      text = text.substring(0, text.length() - 1);
    }
    return Duration.ofSeconds(Long.parseLong(text));
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }
}
