package net.codestats.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
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

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    CannotCreateTransactionException.class,
    // commit or rollback failed: the connection broke mid-transaction
    TransactionSystemException.class
  })
  ResponseEntity<ErrorBody> databaseUnavailable(Exception e) {
    log.warn("Database unavailable: {}", e.getMessage());
    return ErrorBody.answer(
        ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5"),
        "Service temporarily unavailable, please try again shortly.");
  }
}
