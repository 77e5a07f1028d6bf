package net.codestats.pulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.codestats.system.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;

/**
 * Group commit: concurrent pulses are written together, one transaction and one WAL flush for
 * many pulses, instead of one each. A caller blocks until the transaction holding its pulse
 * has committed, so no pulse is acknowledged before it is durable.
 *
 * <p>Each writer has its own queue and takes the pulses of its own users (by user id): two
 * writers' transactions then never update the same aggregate rows, so they commit side by
 * side instead of one waiting on the other's row locks until its commit.
 *
 * <p>A batch that fails for a reason other than an unreachable database is retried one pulse
 * at a time, so a single bad pulse cannot sink the good ones written with it. When the
 * database is unreachable every waiting pulse fails at once (the clients get a 503 and retry)
 * rather than each waiting out its own connection timeout.
 */
@Component
@EnableConfigurationProperties(PulseBatcher.Settings.class)
class PulseBatcher implements DisposableBean {

  /**
   * @param writers writer threads, each committing one batch at a time
   * @param maxBatch most pulses in one transaction
   * @param queueCapacity pulses waiting for the writers (shared evenly among their queues);
   *     beyond it pulses are refused (503)
   * @param maxWait how long a request waits for its commit
   */
  @ConfigurationProperties("codestats.pulse")
  record Settings(
      @DefaultValue("2") int writers,
      @DefaultValue("500") int maxBatch,
      @DefaultValue("20000") int queueCapacity,
      @DefaultValue("25s") Duration maxWait) {}

  private static final Logger log = LoggerFactory.getLogger(PulseBatcher.class);

  private final PulseStore store;
  /** One queue per writer; a user's pulses always go to the same one. */
  private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
  private final int maxBatch;
  private final Duration maxWait;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  @Autowired
  PulseBatcher(PulseStore store, Settings settings) {
    this(store, settings.writers(), settings.maxBatch(), settings.queueCapacity(), settings.maxWait());
  }

  PulseBatcher(PulseStore store, int writerCount, int maxBatch, int queueCapacity, Duration maxWait) {
    this.store = store;
    this.maxBatch = maxBatch;
    this.maxWait = maxWait;
    int queueCount = Math.max(1, writerCount);
    for (int i = 0; i < queueCount; i++) {
      queues.add(new ArrayBlockingQueue<>(Math.max(1, queueCapacity / queueCount)));
    }
    // Long-running loops, one platform thread each (they block on JDBC inside a transaction),
    // named pulse-writer-N and joined on shutdown by destroy().
    var threads = new CustomizableThreadFactory("pulse-writer-");
    threads.setDaemon(true);
    for (int i = 0; i < writerCount; i++) {
      BlockingQueue<Pending> queue = queues.get(i);
      Thread writer = threads.newThread(() -> writeLoop(queue));
      writers.add(writer);
      writer.start();
    }
  }

  /** Pulses waiting for a writer now (the admin area's queue depth). */
  int queued() {
    return queues.stream().mapToInt(BlockingQueue::size).sum();
  }

  int capacity() {
    return queues.stream().mapToInt(q -> q.size() + q.remainingCapacity()).sum();
  }

  /** Stores one pulse in the next group commit and waits for that commit. */
  PulseStore.Outcome store(StoredPulse pulse) {
    var pending = new Pending(pulse, new CompletableFuture<>());
    var queue = queues.get(Math.floorMod(Long.hashCode(pulse.machine().userId()), queues.size()));
    if (!running || !queue.offer(pending)) {
      throw new TransientDataAccessResourceException("Pulse writer is overloaded or stopping");
    }
    try {
      return pending.result().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("Storing the pulse failed", e.getCause());
    } catch (TimeoutException e) {
      // It may still commit later; a client retry is then recognised as the same pulse.
      throw new TransientDataAccessResourceException("Timed out waiting for the pulse to commit");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientDataAccessResourceException("Interrupted while storing the pulse");
    }
  }

  private void writeLoop(BlockingQueue<Pending> queue) {
    var batch = new ArrayList<Pending>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException | Error e) {
        // write() completes every future itself; this only guards the loop.
        log.error("Pulse writer failed", e);
        batch.forEach(p -> p.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  /** Stores a batch and completes each member's future: with its result, or its own failure. */
  void write(List<Pending> batch) {
    try {
      List<PulseStore.Outcome> outcomes = store.store(batch.stream().map(Pending::pulse).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(outcomes.get(i));
      }
    } catch (RuntimeException failure) {
      RuntimeException e = applicationException(failure);
      if (batch.size() == 1 || databaseUnavailable(e)) {
        batch.forEach(p -> p.result().completeExceptionally(e));
        return;
      }
      log.warn("A batch of {} pulses failed ({}); storing them one by one", batch.size(), e.toString());
      for (Pending pending : batch) {
        try {
          pending.result().complete(store.store(List.of(pending.pulse())).getFirst());
        } catch (RuntimeException single) {
          pending.result().completeExceptionally(single);
        }
      }
    }
  }

  /**
   * When the connection dies mid-transaction the rollback fails too, and Spring reports the
   * rollback failure; what callers need is the original error (the database went away).
   */
  private static RuntimeException applicationException(RuntimeException e) {
    if (e instanceof TransactionSystemException tse
        && tse.getApplicationException() instanceof RuntimeException original) {
      return original;
    }
    return e;
  }

  /** A deadlock between batches is no outage: those pulses are retried one by one. */
  private static boolean databaseUnavailable(Throwable e) {
    return DatabaseFailures.meansUnavailable(e) && !(e instanceof PessimisticLockingFailureException);
  }

  /** Lets the writers finish what is queued (the web server has stopped taking requests). */
  @Override
  public void destroy() throws InterruptedException {
    running = false;
    for (Thread writer : writers) {
      writer.join(Duration.ofSeconds(30));
    }
    for (BlockingQueue<Pending> queue : queues) {
      Pending left;
      while ((left = queue.poll()) != null) {
        left.result().completeExceptionally(new TransientDataAccessResourceException("Shutting down"));
      }
    }
  }

  record Pending(StoredPulse pulse, CompletableFuture<PulseStore.Outcome> result) {}
}
