package net.codestats.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Gives the benchmark tools the server's secret from the key the benchmark starts it with. */
public final class BenchSecrets {

  private BenchSecrets() {}

  public static ServerSecret fromBase64(String key) {
    return new ServerSecret(
        new CodeStatsProperties(
            Path.of("."),
            URI.create("http://localhost"),
            key,
            new CodeStatsProperties.EmbeddedDatabase(0, false),
            false,
            new CodeStatsProperties.Admin(List.of(), 5),
            false));
  }
}
