package net.codestats.admin.views;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.codestats.account.AccountAdministration;

/** The admin overview's figures. */
public record ServiceOverview(
    AccountAdministration.Counts accounts,
    long active1,
    long active7,
    long active30,
    PulseChart pulses,
    String databaseSize,
    int pulseQueue,
    int pulseQueueCapacity,
    long mailQueue,
    List<CacheRate> caches,
    long errorsLastHour,
    long errorsLastDay,
    List<ServerError> errors) {

  /** Bars of the pulses chart: one per this many minutes of the last 24 hours. */
  public static final int BAR_MINUTES = 10;

  public static final int BARS = 24 * 60 / BAR_MINUTES;

  /** @param perMinute pulses per minute, averaged over each bar, oldest first */
  public record PulseChart(List<Double> perMinute, double peak, double lastHour, long total) {

    /** The bars as SVG rectangles: x, y, height in a 0..100 high box, one unit wide each. */
    public List<double[]> bars() {
      List<double[]> rects = new ArrayList<>();
      for (int i = 0; i < perMinute.size(); i++) {
        double height = peak == 0 ? 0 : 100 * perMinute.get(i) / peak;
        rects.add(new double[] {i, 100 - height, height});
      }
      return rects;
    }
  }

  public record CacheRate(String cache, long hits, long misses) {
    /** Per cent of look-ups answered from memory, or -1 before the first. */
    public double hitRate() {
      long all = hits + misses;
      return all == 0 ? -1 : 100.0 * hits / all;
    }
  }

  public record ServerError(Instant at, int status, String method, String path) {}
}
