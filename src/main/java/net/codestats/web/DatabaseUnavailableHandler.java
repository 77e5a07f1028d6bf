package net.codestats.web;

import net.codestats.system.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * While the database is unreachable, API clients get a 503 with a JSON error and a hint when
 * to retry (plugins keep their pulses and send them again), never a 500.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class DatabaseUnavailableHandler {

  private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

  /** Other data access failures (say, a broken constraint) go on to the error page as before. */
  @ExceptionHandler({DataAccessException.class, TransactionException.class})
  ResponseEntity<ErrorBody> databaseUnavailable(Exception e) throws Exception {
    if (!causedByUnavailableDatabase(e)) {
      throw e;
    }
    log.warn("Database unavailable: {}", e.getMessage());
    return ErrorBody.answer(
        ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5"),
        "Service temporarily unavailable, please try again shortly.");
  }

  /** The handler is chosen by the exception or one of its causes; so is the answer. */
  private static boolean causedByUnavailableDatabase(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (DatabaseFailures.meansUnavailable(t)) {
        return true;
      }
    }
    return false;
  }
}
