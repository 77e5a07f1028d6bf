package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** A database that cannot be reached answers 503 with a retry hint; other data errors go on. */
class DatabaseUnavailableHandlerTest {

  private final DatabaseUnavailableHandler handler = new DatabaseUnavailableHandler();

  @Test
  void unreachableDatabaseIsA503WithRetryAfter() throws Exception {
    for (Exception e : new Exception[] {
      new CannotGetJdbcConnectionException("down"),
      new CannotCreateTransactionException("down"),
      new CannotAcquireLockException("deadlock"),
      new IllegalStateException("wrapped", new CannotGetJdbcConnectionException("down"))
    }) {
      var answer = handler.databaseUnavailable(e);
      assertThat(answer.getStatusCode().value()).isEqualTo(503);
      assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
      assertThat(answer.getBody().error()).isEqualTo("Service temporarily unavailable, please try again shortly.");
    }
  }

  @Test
  void otherDataErrorsAreNotAnsweredHere() {
    var broken = new DataIntegrityViolationException("constraint");
    assertThatThrownBy(() -> handler.databaseUnavailable(broken)).isSameAs(broken);
  }
}
