package net.codestats.account;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The credentials generation a new channel token is made with, from memory: the owner's
 * profile page hands out a token on every view, which would otherwise cost a query each.
 * Checking a token still reads the database ({@link SessionCredentials#stillValid}), so a
 * stale generation here can only make a token that is refused, never one that is accepted.
 * Every change moves the epoch on once committed, which retires the answers loaded before,
 * those still loading included (as in {@link AccountLookups}).
 */
@Component
class CredentialsGenerations {

  private record Known(long epoch, long generation) {}

  private final Cache<Long, Known> generations;
  private final AtomicLong epoch = new AtomicLong();

  CredentialsGenerations(Caches caches) {
    this.generations = caches.build(NamedCache.CREDENTIALS_GENERATIONS);
  }

  long current(long userId, LongSupplier query) {
    long now = epoch.get();
    Known known = generations.getIfPresent(userId);
    if (known != null && known.epoch() == now) {
      return known.generation();
    }
    return generations
        .asMap()
        .compute(userId, (id, old) -> old != null && old.epoch() == now ? old : new Known(now, query.getAsLong()))
        .generation();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onCredentialsChanged(CredentialsChanged changed) {
    epoch.incrementAndGet();
  }
}
