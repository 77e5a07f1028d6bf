package net.codestats.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in the shared test context: the system's UTC time until a test
 * stops it with {@link #freeze()} (for example so that rate-limit buckets do not refill while
 * a test empties them), and again after {@link #resume()}.
 */
@Primary
public class TestClock extends Clock {

  private volatile Instant frozen;

  public void freeze() {
    frozen = Instant.now();
  }

  /** Stops the clock at a given instant (a week ahead, say, for what expires). */
  public void freezeAt(Instant at) {
    frozen = at;
  }

  /** Stops the clock (if running) and moves it on: what the application sees as time passing. */
  public void advance(Duration by) {
    frozen = instant().plus(by);
  }

  public void resume() {
    frozen = null;
  }

  @Override
  public Instant instant() {
    Instant at = frozen;
    return at != null ? at : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    Instant at = frozen;
    return at != null ? Clock.fixed(at, zone) : Clock.system(zone);
  }
}
