package net.codestats.system;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Cache invalidation that also holds for readers racing the transaction that changed the data. */
public final class AfterCompletion {

  private AfterCompletion() {}

  /**
   * Runs {@code forget} now and, inside a transaction, once more after it completes: a reader
   * between the two would otherwise cache the state from before the change.
   */
  public static void forgetNowAndAfterCompletion(Runnable forget) {
    forget.run();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              forget.run();
            }
          });
    }
  }
}
