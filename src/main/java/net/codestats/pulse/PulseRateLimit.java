package net.codestats.pulse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
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

  private final Settings settings;
  private final Cache<Long, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(30)).build();

  PulseRateLimit(Settings settings) {
    this.settings = settings;
  }

  /** Takes one pulse from the machine's bucket, or refuses with 429 and when to retry. */
  void acquire(long machineId) {
    var probe = buckets.get(machineId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
      throw new PulseRejected(HttpStatus.TOO_MANY_REQUESTS, "Too many pulses from this machine, retry in " + seconds + " s.", seconds);
    }
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(settings.burst())
                .refillGreedy(settings.perSecond(), Duration.ofSeconds(1))
                .build())
        .build();
  }

  /**
   * @param burst pulses a machine may send at once
   * @param perSecond sustained pulses per second per machine
   */
  @ConfigurationProperties("codestats.pulse-rate-limit")
  record Settings(@DefaultValue("600") int burst, @DefaultValue("10") int perSecond) {}
}
