package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code codestats.rate-limit.enabled=false} switches off every limit kept in RateLimits. */
class RateLimitsTest {

  static final RateLimits.Limit LIMIT = new RateLimits.Limit("test", 3, Duration.ofHours(1));
  static final Caches CACHES = new Caches(new CacheSettings(Map.of()), new SimpleMeterRegistry());

  @Test
  void offAllowsEverythingOnLimits() {
    var on = new RateLimits(new RateLimits.Settings(true, List.of("192.0.2.1")), CACHES);
    var off = new RateLimits(new RateLimits.Settings(false, List.of()), CACHES);
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
}
