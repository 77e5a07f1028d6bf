package net.codestats.system;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * In-memory token buckets (Bucket4j) per limit and key (client address or account name).
 * Buckets idle longer than an hour are forgotten ({@link NamedCache#RATE_LIMIT_BUCKETS}), so
 * memory stays bounded under a flood of distinct keys. Per node: behind several nodes each allows its own share (a shared store
 * would replace the buckets here, behind these methods).
 *
 * <p>With {@code codestats.rate-limit.enabled=false} every limit kept here allows everything:
 * log-in, sign-up and password reset (per address and per account) and pulses per machine.
 */
@Component
@EnableConfigurationProperties(RateLimits.Settings.class)
public class RateLimits {

  /** A limit: at most {@code capacity} events per {@code period}, refilled gradually. */
  public record Limit(String name, int capacity, Duration period) {}

  /**
   * @param exemptAddresses client addresses never limited (for example a monitoring host)
   */
  @ConfigurationProperties("codestats.rate-limit")
  public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue List<String> exemptAddresses) {}

  private final Settings settings;
  private final Set<String> exempt;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  RateLimits(Settings settings, Caches caches, Clock clock) {
    this.settings = settings;
    this.buckets = caches.build(NamedCache.RATE_LIMIT_BUCKETS);
    this.exempt = Set.copyOf(settings.exemptAddresses());
    // refills follow the application's clock (millisecond precision, as Bucket4j's default), so tests can stop it
    this.time = new ClockTime(clock);
  }

  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }

  /** Whether limits per client address skip this one (or every limit is off). */
  public boolean isExempt(String clientAddress) {
    return !settings.enabled() || exempt.contains(clientAddress);
  }

  /**
   * Takes one event from the bucket.
   *
   * @return 0 when allowed, else the seconds until the next event would be allowed
   */
  public long tryTake(Limit limit, String key) {
    if (!settings.enabled()) {
      return 0;
    }
    ConsumptionProbe probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : secondsOf(probe.getNanosToWaitForRefill());
  }

  /** Like {@link #tryTake} but only looks: 0 when an event would be allowed now. */
  public long secondsUntilAllowed(Limit limit, String key) {
    if (!settings.enabled()) {
      return 0;
    }
    Bucket bucket = buckets.getIfPresent(limit.name() + '\n' + key);
    if (bucket == null) {
      return 0;
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : secondsOf(probe.getNanosToWaitForRefill());
  }

  private Bucket bucket(Limit limit, String key) {
    return buckets.get(
        limit.name() + '\n' + key,
        k -> Bucket.builder()
            .withCustomTimePrecision(time)
            .addLimit(
                Bandwidth.builder()
                    .capacity(limit.capacity())
                    .refillGreedy(limit.capacity(), limit.period())
                    .build())
            .build());
  }

  private static long secondsOf(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
  }
}
