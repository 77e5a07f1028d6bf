package net.codestats.socket;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the live sockets' send tasks, each in a virtual thread of its own (a blocked write
 * holds up nobody else). A socket that wrote less than the linger ago waits for the next tick
 * instead, so that the frames arriving meanwhile go out in the same write: at 100 pushes per
 * second a socket then writes at most once per linger (20 ms by default), while a socket that
 * was quiet writes at once. A longer linger means fewer, larger writes for busy topics.
 */
final class SendScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SendScheduler.class);
  static final Duration DEFAULT_LINGER = Duration.ofMillis(20);

  private final SimpleAsyncTaskExecutor senders = new SimpleAsyncTaskExecutor("live-send-");
  /** one thread that only hands the deferred tasks on */
  private final ThreadPoolTaskScheduler ticker = new ThreadPoolTaskScheduler();
  private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private final long lingerNanos;

  SendScheduler(Duration linger) {
    this.lingerNanos = linger.toNanos();
    senders.setVirtualThreads(true);
    ticker.setThreadNamePrefix("live-send-ticker-");
    ticker.setDaemon(true);
    ticker.initialize();
    ticker.scheduleWithFixedDelay(this::tick, linger);
  }

  /** How long after its last write a socket waits before the next. */
  long lingerNanos() {
    return lingerNanos;
  }

  /** Starts the task now. */
  void now(Runnable task) {
    if (!running) {
      return;
    }
    try {
      senders.execute(task);
    } catch (RuntimeException e) {
      if (running) {
        throw e;
      }
      // closed meanwhile: nothing runs after close
    }
  }

  /** Starts the task at the next tick. */
  void later(Runnable task) {
    later.add(task);
  }

  private void tick() {
    try {
      Runnable task;
      while (running && (task = later.poll()) != null) {
        now(task);
      }
    } catch (RuntimeException e) {
      log.warn("Live send tick failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    ticker.shutdown();
    senders.close();
  }
}
