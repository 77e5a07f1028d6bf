package net.codestats.database;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * {@code codestats_database_up} on the metrics: 1 while a pooled connection to the database
 * (embedded or external) answers, else 0, checked at each scrape, so that an alert can tell
 * "database unreachable" apart from "node down" (deploy/prometheus).
 */
@Component
class DatabaseUpGauge {

  DatabaseUpGauge(DataSource dataSource, MeterRegistry meters) {
    Gauge.builder("codestats.database.up", dataSource, DatabaseUpGauge::answers)
        .description("1 while the database answers, else 0")
        .register(meters);
  }

  private static double answers(DataSource dataSource) {
    // waits at most the pool's connection timeout (3 s) when the database is gone
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2) ? 1 : 0;
    } catch (SQLException | RuntimeException e) {
      return 0;
    }
  }
}
