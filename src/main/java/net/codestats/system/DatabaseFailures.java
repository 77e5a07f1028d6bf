package net.codestats.system;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** The one list of exceptions that mean "the database is unavailable (for now)". */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /**
   * Whether the exception says the database could not be reached or used for now: no
   * connection, a transaction that could not start, a commit or rollback that failed because
   * the connection broke mid-transaction, or any transient failure.
   */
  public static boolean meansUnavailable(Throwable e) {
    return e instanceof DataAccessResourceFailureException
        || e instanceof TransientDataAccessException
        || e instanceof CannotCreateTransactionException
        || e instanceof TransactionSystemException;
  }
}
