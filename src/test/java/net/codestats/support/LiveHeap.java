package net.codestats.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's live heap (heap used right after a requested collection, so garbage
 * does not count) on a daemon thread until closed. {@link #growthMb()} is the highest sample
 * above the baseline taken at the start: what the work in between kept reachable at once.
 */
public final class LiveHeap implements AutoCloseable {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long baseline;
  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private LiveHeap(Duration every) {
    baseline = sample();
    peak.set(baseline);
    sampler =
        Thread.ofPlatform()
            .daemon()
            .name("live-heap-sampler")
            .start(
                () -> {
                  while (running) {
                    try {
                      Thread.sleep(every);
                    } catch (InterruptedException e) {
                      return;
                    }
                    peak.accumulateAndGet(sample(), Math::max);
                  }
                });
  }

  public static LiveHeap sampleEvery(Duration every) {
    return new LiveHeap(every);
  }

  private long sample() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  public long baselineMb() {
    return baseline >> 20;
  }

  public long growthMb() {
    return Math.max(0, peak.get() - baseline) >> 20;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
    peak.accumulateAndGet(sample(), Math::max);
  }
}
