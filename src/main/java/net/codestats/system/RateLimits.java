package net.codestats.system;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * In-memory token buckets (Bucket4j) per limit and key (client address or account name).
 * Buckets idle longer than an hour are forgotten ({@link NamedCache#RATE_LIMIT_BUCKETS}), so
 * memory stays bounded under a flood of distinct keys.
 *
 * <p>With {@code codestats.cluster=true} the {@link Scope#CLUSTER} limits (log-in, sign-up,
 * password reset, GraphQL per address) live in the table {@code rate_limit_buckets} through
 * Bucket4j's PostgreSQL back-end (a row lock per check), so several nodes share one count; rows
 * past their refill time are deleted every minute. {@link Scope#NODE} limits (pulses per machine,
 * checked on every pulse) stay in each node's memory. If the database fails during a shared
 * check, the node's own bucket answers instead: the limit still holds per node, and a check
 * never turns into a 500.
 *
 * <p>With {@code codestats.rate-limit.enabled=false} every limit kept here allows everything:
 * log-in, sign-up and password reset (per address and per account) and pulses per machine.
 */
@Component
@EnableConfigurationProperties(RateLimits.Settings.class)
public class RateLimits {

  /** Where a limit's count lives when {@code codestats.cluster=true}. */
  public enum Scope {
    /** Shared by every node through PostgreSQL. */
    CLUSTER,
    /** Each node counts for itself (cheap: no database round trip). */
    NODE
  }

  /** A limit: at most {@code capacity} events per {@code period}, refilled gradually. */
  public record Limit(String name, int capacity, Duration period, Scope scope) {
    /** A limit shared across the cluster. */
    public Limit(String name, int capacity, Duration period) {
      this(name, capacity, period, Scope.CLUSTER);
    }

    BucketConfiguration configuration() {
      return BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
          .build();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  /**
   * @param exemptAddresses client addresses never limited (for example a monitoring host)
   */
  @ConfigurationProperties("codestats.rate-limit")
  public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue List<String> exemptAddresses) {}

  private final Settings settings;
  private final Set<String> exempt;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;
  private final PostgreSQLSelectForUpdateBasedProxyManager<String> shared;
  private final JdbcClient jdbc;

  @Autowired
  RateLimits(Settings settings, Caches caches, Clock clock, CodeStatsProperties properties, DataSource dataSource) {
    this(settings, caches, clock, properties.cluster() ? dataSource : null);
  }

  /** One node's limits only. */
  RateLimits(Settings settings, Caches caches, Clock clock) {
    this(settings, caches, clock, (DataSource) null);
  }

  /** With a data source the {@link Scope#CLUSTER} limits are shared through it. */
  RateLimits(Settings settings, Caches caches, Clock clock, DataSource sharedBuckets) {
    this.settings = settings;
    this.buckets = caches.build(NamedCache.RATE_LIMIT_BUCKETS);
    this.exempt = Set.copyOf(settings.exemptAddresses());
    // refills follow the application's clock (millisecond precision, as Bucket4j's default), so tests can stop it
    this.time = new ClockTime(clock);
    this.shared = sharedBuckets == null ? null : sharedBuckets(sharedBuckets, time);
    this.jdbc = sharedBuckets == null ? null : JdbcClient.create(sharedBuckets);
  }

  /** Bucket4j's PostgreSQL buckets in {@code rate_limit_buckets}; a row may go once its bucket is full again. */
  static PostgreSQLSelectForUpdateBasedProxyManager<String> sharedBuckets(DataSource dataSource, TimeMeter time) {
    return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table("rate_limit_buckets")
        .idColumn("id")
        .stateColumn("state")
        .expiresAtColumn("expires_at")
        .clientClock(time)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .build();
  }

  /** Deletes shared buckets past their refill time, a thousand rows at a time (skips rows in use). */
  @SchedulerLock(name = "rate limit buckets clean-up", lockAtLeastFor = "PT50S")
  @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
  void removeExpiredBuckets() {
    if (shared == null) {
      return;
    }
    try {
      while (shared.removeExpired(1000) == 1000) {
        // more left
      }
    } catch (RuntimeException e) {
      log.warn("Could not remove expired rate-limit buckets: {}", e.toString());
    }
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
    ConsumptionProbe probe;
    if (isShared(limit)) {
      try {
        probe = shared.builder()
            .build(limit.name() + '\n' + key, limit::configuration)
            .tryConsumeAndReturnRemaining(1);
      } catch (RuntimeException e) {
        log.warn("Shared rate limit {} unavailable, this node's count answers: {}", limit.name(), e.toString());
        probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
      }
    } else {
      probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
    }
    return probe.isConsumed() ? 0 : secondsOf(probe.getNanosToWaitForRefill());
  }

  private boolean isShared(Limit limit) {
    return shared != null && limit.scope() == Scope.CLUSTER;
  }

  /** Like {@link #tryTake} but only looks: 0 when an event would be allowed now. */
  public long secondsUntilAllowed(Limit limit, String key) {
    if (!settings.enabled()) {
      return 0;
    }
    String id = limit.name() + '\n' + key;
    EstimationProbe probe;
    if (isShared(limit)) {
      try {
        // a plain look first: Bucket4j's own look-up would insert an empty row for an unseen key
        if (!sharedRowExists(id)) {
          return 0;
        }
        probe = shared.builder().build(id, limit::configuration).estimateAbilityToConsume(1);
      } catch (RuntimeException e) {
        log.warn("Shared rate limit {} unavailable, this node's count answers: {}", limit.name(), e.toString());
        return localEstimate(id);
      }
    } else {
      return localEstimate(id);
    }
    return probe.canBeConsumed() ? 0 : secondsOf(probe.getNanosToWaitForRefill());
  }

  private boolean sharedRowExists(String id) {
    return Boolean.TRUE
        .equals(jdbc.sql("select exists (select 1 from rate_limit_buckets where id = ? and state is not null)")
            .param(id)
            .query(Boolean.class)
            .single());
  }

  private long localEstimate(String id) {
    Bucket bucket = buckets.getIfPresent(id);
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
            .addLimit(limit.configuration().getBandwidths()[0])
            .build());
  }

  private static long secondsOf(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
  }
}
