package net.codestats.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Send tasks run in virtual threads: at once, or deferred by at most about one tick. */
class SendSchedulerTest {

  @Test
  void deferredTasksRunAtTheNextTick() throws Exception {
    try (var scheduler = new SendScheduler(SendScheduler.DEFAULT_LINGER)) {
      var now = new CountDownLatch(1);
      scheduler.now(() -> {
        if (Thread.currentThread().isVirtual()) {
          now.countDown();
        }
      });
      assertThat(now.await(5, TimeUnit.SECONDS)).isTrue();

      var later = new CountDownLatch(100);
      long started = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        scheduler.later(later::countDown);
      }
      assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
      // one tick, with room for a slow machine
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
    }
  }

  @Test
  void nothingRunsAfterClose() throws Exception {
    var scheduler = new SendScheduler(SendScheduler.DEFAULT_LINGER);
    scheduler.close();
    var ran = new CountDownLatch(1);
    scheduler.later(ran::countDown);
    scheduler.now(ran::countDown);
    assertThat(ran.await(3 * SendScheduler.DEFAULT_LINGER.toMillis(), TimeUnit.MILLISECONDS)).isFalse();

    // control: an open scheduler runs both within the same wait
    try (var open = new SendScheduler(SendScheduler.DEFAULT_LINGER)) {
      var both = new CountDownLatch(2);
      open.later(both::countDown);
      open.now(both::countDown);
      assertThat(both.await(3 * SendScheduler.DEFAULT_LINGER.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }
}
