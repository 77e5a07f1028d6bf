package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code codestats.rate-limit.enabled=false} switches off every limit kept in RateLimits. */
class RateLimitsTest {

  static final RateLimits.Limit LIMIT = new RateLimits.Limit("test", 3, Duration.ofHours(1));
  static final Caches CACHES = new Caches(new CacheSettings(Map.of()), new SimpleMeterRegistry());

  @Test
  void offAllowsEverythingOnLimits() {
    var on = new RateLimits(new RateLimits.Settings(true, List.of("192.0.2.1")), CACHES, Clock.systemUTC());
    var off = new RateLimits(new RateLimits.Settings(false, List.of()), CACHES, Clock.systemUTC());
    for (int i = 0; i < LIMIT.capacity(); i++) {
      assertThat(on.tryTake(LIMIT, "key")).isZero();
    }
    // positive control: on, the fourth event waits, and an address is exempt only when listed
    assertThat(on.tryTake(LIMIT, "key")).isPositive();
    assertThat(on.secondsUntilAllowed(LIMIT, "key")).isPositive();
    assertThat(on.isExempt("192.0.2.1")).isTrue();
    assertThat(on.isExempt("192.0.2.2")).isFalse();

    for (int i = 0; i < 10 * LIMIT.capacity(); i++) {
      assertThat(off.tryTake(LIMIT, "key")).isZero();
    }
    assertThat(off.secondsUntilAllowed(LIMIT, "key")).isZero();
    assertThat(off.isExempt("192.0.2.2")).isTrue();
  }

  @Test
  void bucketsRefillByTheApplicationsClock() {
    var now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    var limits = new RateLimits(new RateLimits.Settings(true, List.of()), CACHES, clockAt(now));
    for (int i = 0; i < LIMIT.capacity(); i++) {
      assertThat(limits.tryTake(LIMIT, "key")).isZero();
    }
    // one event every 20 minutes refills; while the clock stands still, none does
    assertThat(limits.tryTake(LIMIT, "key")).isBetween(1200L, 1201L);
    assertThat(limits.tryTake(LIMIT, "key")).isBetween(1200L, 1201L);
    now.set(now.get().plus(Duration.ofMinutes(20)));
    assertThat(limits.tryTake(LIMIT, "key")).isZero();
    assertThat(limits.tryTake(LIMIT, "key")).isPositive();
  }

  private static Clock clockAt(AtomicReference<Instant> now) {
    return new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
  }
}
