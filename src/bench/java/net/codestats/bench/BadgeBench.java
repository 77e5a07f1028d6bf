package net.codestats.bench;

import java.util.List;

/**
 * The README images of the heavy user (3 years of daily coding) as read rows, each against
 * {@code GET /api/ping} in the same run ({@code bench/run --only=badges}): a README shown on
 * GitHub asks for them through its image proxy every few minutes per viewer, and they come from
 * a cache keyed by the profile's figures, so each should cost about what the ping does.
 */
final class BadgeBench {

  private BadgeBench() {}

  static List<Benchmark.ReadTarget> targets(String heavyUser) {
    String base = "/users/" + heavyUser;
    return List.of(
        Benchmark.ReadTarget.get(base + "/badge.svg"),
        Benchmark.ReadTarget.get(base + "/badge.svg?language=Java&style=for-the-badge"),
        Benchmark.ReadTarget.get(base + "/card.svg"),
        Benchmark.ReadTarget.get(base + "/card.svg?languages=10&theme=auto"));
  }
}
