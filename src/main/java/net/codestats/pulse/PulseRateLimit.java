package net.codestats.pulse;

import java.time.Duration;
import net.codestats.system.RateLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A token bucket per machine. Plugins send a pulse every ~10 s, but some replay a backlog of
 * queued pulses at once after being offline, so the burst is generous; what it stops is one
 * token flooding the server.
 */
@Component
class PulseRateLimit {

  private final RateLimits rateLimits;
  private final RateLimits.Limit limit;

  PulseRateLimit(RateLimits rateLimits, Settings settings) {
    this.rateLimits = rateLimits;
    // a full bucket of `burst` pulses refills at `perSecond`
    this.limit =
        new RateLimits.Limit(
            "pulses per machine",
            settings.burst(),
            Duration.ofNanos(Math.max(1, settings.burst() * 1_000_000_000L / settings.perSecond())),
            // checked on every pulse: a database round trip each is too dear, so each node counts its own
            RateLimits.Scope.NODE);
  }

  /** Takes one pulse from the machine's bucket, or refuses with 429 and when to retry. */
  void acquire(long machineId) {
    long seconds = rateLimits.tryTake(limit, Long.toString(machineId));
    if (seconds > 0) {
      throw new PulseRejected(
          HttpStatus.TOO_MANY_REQUESTS, "Too many pulses from this machine, retry in " + seconds + " s.", seconds);
    }
  }

  /**
   * @param burst pulses a machine may send at once
   * @param perSecond sustained pulses per second per machine
   */
  @ConfigurationProperties("codestats.pulse-rate-limit")
  record Settings(@DefaultValue("600") int burst, @DefaultValue("10") int perSecond) {}
}
