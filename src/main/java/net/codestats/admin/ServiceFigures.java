package net.codestats.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.codestats.account.AccountAdministration;
import net.codestats.admin.views.ServiceOverview;
import net.codestats.admin.views.ServiceOverview.CacheRate;
import net.codestats.admin.views.ServiceOverview.PulseChart;
import net.codestats.pulse.PulseQueue;
import net.codestats.pulse.Pulses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What the operators' overview shows: accounts, activity, load, caches, errors. */
@Service
class ServiceFigures {

  private final AccountAdministration accounts;
  private final Pulses pulses;
  private final PulseQueue pulseQueue;
  private final MassMail massMail;
  private final MeterRegistry metrics;
  private final RecentErrors errors;
  private final JdbcClient jdbc;
  private final Clock clock;

  ServiceFigures(
      AccountAdministration accounts,
      Pulses pulses,
      PulseQueue pulseQueue,
      MassMail massMail,
      MeterRegistry metrics,
      RecentErrors errors,
      JdbcClient jdbc,
      Clock clock) {
    this.accounts = accounts;
    this.pulses = pulses;
    this.pulseQueue = pulseQueue;
    this.massMail = massMail;
    this.metrics = metrics;
    this.errors = errors;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  ServiceOverview figures() {
    Instant now = clock.instant();
    return new ServiceOverview(
        accounts.counts(),
        pulses.activeUsersSince(now.minus(Duration.ofDays(1))),
        pulses.activeUsersSince(now.minus(Duration.ofDays(7))),
        pulses.activeUsersSince(now.minus(Duration.ofDays(30))),
        pulseChart(now),
        jdbc.sql("select pg_size_pretty(pg_database_size(current_database()))").query(String.class).single(),
        pulseQueue.depth(),
        pulseQueue.capacity(),
        massMail.unsent(),
        caches(),
        errors.since(Duration.ofHours(1)),
        errors.since(Duration.ofDays(1)),
        errors.recent().stream().limit(20).toList());
  }

  private PulseChart pulseChart(Instant now) {
    long end = now.getEpochSecond() / 60 * 60 + 60; // the minute after the current one
    long start = end - ServiceOverview.BARS * ServiceOverview.BAR_MINUTES * 60L;
    TreeMap<Long, Long> minutes = pulses.pulsesPerMinuteSince(Instant.ofEpochSecond(start));
    long[] bars = new long[ServiceOverview.BARS];
    long total = 0;
    long lastHour = 0;
    for (Map.Entry<Long, Long> minute : minutes.entrySet()) {
      int bar = (int) ((minute.getKey() - start) / 60 / ServiceOverview.BAR_MINUTES);
      if (bar >= 0 && bar < ServiceOverview.BARS) {
        bars[bar] += minute.getValue();
        total += minute.getValue();
        if (minute.getKey() >= end - 3600) {
          lastHour += minute.getValue();
        }
      }
    }
    List<Double> perMinute = new ArrayList<>(ServiceOverview.BARS);
    double peak = 0;
    for (long bar : bars) {
      double rate = bar / (double) ServiceOverview.BAR_MINUTES;
      perMinute.add(rate);
      peak = Math.max(peak, rate);
    }
    return new PulseChart(perMinute, peak, lastHour / 60.0, total);
  }

  /** From the caches' own meters ({@code cache.gets}, by result), as the metrics endpoint shows them. */
  private List<CacheRate> caches() {
    Map<String, long[]> byCache = new TreeMap<>();
    for (Meter meter : metrics.find("cache.gets").meters()) {
      String cache = meter.getId().getTag("cache");
      String result = meter.getId().getTag("result");
      if (cache == null || result == null) {
        continue;
      }
      long count = meter instanceof FunctionCounter counter ? (long) counter.count() : 0;
      long[] counts = byCache.computeIfAbsent(cache, c -> new long[2]);
      if (result.equals("hit")) {
        counts[0] += count;
      } else if (result.equals("miss")) {
        counts[1] += count;
      }
    }
    return byCache.entrySet().stream().map(e -> new CacheRate(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
  }

}
