package net.codestats.live;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the live sockets' send tasks, each in a virtual thread of its own (a blocked write
 * holds up nobody else). A socket that wrote less than {@link #LINGER_MILLIS} ago waits for
 * the next tick instead, so that the frames arriving meanwhile go out in the same write: at
 * 100 pushes per second a socket then writes at most every {@value #LINGER_MILLIS} ms, while a
 * socket that was quiet writes at once.
 */
final class SendScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SendScheduler.class);
  static final long LINGER_MILLIS = 20;
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);

  private final ThreadFactory virtual = Thread.ofVirtual().name("live-send").factory();
  private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();
  private final Thread ticker;
  private volatile boolean running = true;

  SendScheduler() {
    ticker = Thread.ofPlatform().name("live-send-ticker").daemon().start(this::tick);
  }

  /** Starts the task now. */
  void now(Runnable task) {
    if (running) {
      virtual.newThread(task).start();
    }
  }

  /** Starts the task at the next tick. */
  void later(Runnable task) {
    later.add(task);
  }

  private void tick() {
    while (running) {
      try {
        Thread.sleep(LINGER_MILLIS);
        Runnable task;
        while ((task = later.poll()) != null) {
          now(task);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Live send tick failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    ticker.interrupt();
  }
}
