package net.codestats.account;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The memory behind {@link Accounts#lookUp}, {@link Accounts#termsAccepted} and {@link
 * Accounts#knownCredentialsGeneration}: answers by the name exactly as asked, or by id.
 * Every account created, changed or deleted moves the generation on once its transaction has
 * committed, which retires every answer loaded before, those still loading included: simpler
 * and safer than finding each spelling that named the changed account. Changes made on
 * another node arrive as the same events ({@link net.codestats.system.ClusterEvent}); the
 * expiry of {@link NamedCache#ACCOUNT_LOOKUPS} bounds how late one shows if its message is lost.
 */
@Component
class AccountLookups {

  private record Lookup(long generation, Optional<?> value) {}

  /** The key of an account's accepted terms (the consent gate asks on every signed-in page). */
  record TermsOf(long userId) {}

  /** The key of an account's credentials generation (the owner's profile page makes a channel token per view). */
  record CredentialsOf(long userId) {}

  private final Cache<Object, Lookup> lookups;
  private final AtomicLong generation = new AtomicLong();

  AccountLookups(Caches caches) {
    this.lookups = caches.build(NamedCache.ACCOUNT_LOOKUPS);
  }

  /**
   * Simultaneous misses for one key make one query (thousands of viewers joining at once).
   * A key's type decides its answer's: a name or an id, a {@link User}; {@link TermsOf}, a date;
   * {@link CredentialsOf}, a generation.
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> lookUp(Object key, Supplier<Optional<T>> query) {
    long current = generation.get();
    Lookup cached = lookups.getIfPresent(key);
    if (cached != null && cached.generation() == current) {
      return (Optional<T>) cached.value();
    }
    return (Optional<T>) lookups
        .asMap()
        .compute(key, (k, old) -> old != null && old.generation() == current ? old : new Lookup(current, query.get()))
        .value();
  }

  /** A new name must not stay unknown where it was asked for before. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAccountCreated(AccountCreated created) {
    forgetAll();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAccountChanged(AccountChanged changed) {
    forgetAll();
  }

  /**
   * A new channel token is made with the new generation. (A stale one could only make tokens
   * that are refused: checking a token reads the database.)
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onCredentialsChanged(CredentialsChanged changed) {
    forgetAll();
  }

  /** A deleted account is not found from then on, by any spelling of its name or by id. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onAccountDeleted(AccountDeleted deleted) {
    forgetAll();
  }

  private void forgetAll() {
    generation.incrementAndGet();
  }
}
