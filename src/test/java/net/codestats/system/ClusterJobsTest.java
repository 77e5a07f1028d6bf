package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.codestats.support.IntegrationTest;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A cluster-wide job started on two nodes at once runs once; another job is not held back. */
@IntegrationTest
class ClusterJobsTest {

  @Autowired DataSource dataSource;

  @Test
  void aJobStartedOnTwoNodesAtOnceRunsOnce() throws Exception {
    LockingTaskExecutor nodeA = new DefaultLockingTaskExecutor(ClusterJobs.sharedLocks(dataSource));
    LockingTaskExecutor nodeB = new DefaultLockingTaskExecutor(ClusterJobs.sharedLocks(dataSource));
    String job = "test job " + UUID.randomUUID();
    var runs = new AtomicInteger();
    var running = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(2)) {
      var first = pool.submit(() -> nodeA.executeWithLock(
          (Runnable) () -> {
            runs.incrementAndGet();
            running.countDown();
            await(release);
          },
          config(job)));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      // node B starts the same job while A runs it: B skips it
      pool.submit(() -> nodeB.executeWithLock((Runnable) runs::incrementAndGet, config(job))).get(10, TimeUnit.SECONDS);
      assertThat(runs).hasValue(1);
      // control: another job runs on B meanwhile
      var other = new AtomicInteger();
      nodeB.executeWithLock((Runnable) other::incrementAndGet, config(job + " other"));
      assertThat(other).hasValue(1);
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
    }
    // once A is done, the job's next run may go anywhere
    nodeB.executeWithLock((Runnable) runs::incrementAndGet, config(job));
    assertThat(runs).hasValue(2);
  }

  @Test
  void oneNodeLocksInMemory() {
    var locks = new ClusterJobs.InMemoryLocks();
    LockConfiguration job = config("memory " + UUID.randomUUID());
    var held = locks.lock(job);
    assertThat(held).isPresent();
    assertThat(locks.lock(job)).isEmpty();
    held.get().unlock();
    assertThat(locks.lock(job)).isPresent();
  }

  private static LockConfiguration config(String name) {
    return new LockConfiguration(Instant.now(), name, Duration.ofMinutes(1), Duration.ZERO);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
