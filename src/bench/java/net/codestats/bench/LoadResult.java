package net.codestats.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** What a load run measured: answers by status, throughput and latency percentiles. */
record LoadResult(String name, long ok, long errors, Map<String, Long> outcomes, double seconds, Histogram latency) {

  double throughput() {
    return ok / seconds;
  }

  /** Latency percentile in milliseconds. */
  double percentileMs(double percentile) {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
  }

  String describe() {
    return "%s: %.0f/s ok, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors %s"
        .formatted(
            name, throughput(), percentileMs(50), percentileMs(99), latency.getMaxValue() / 1000.0, errors,
            errors == 0 ? "" : new TreeMap<>(outcomes));
  }
}
