package net.codestats.xp;

import javax.sql.DataSource;
import net.codestats.pulse.Pulses;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The server's own {@link Aggregates} code run from the benchmark tools over a plain
 * connection pool: the rebuild that is timed and the drift check that the fault tests use
 * are the production code, each in one transaction as in the server.
 */
public final class BenchAggregates {

  private final Aggregates aggregates;
  private final TransactionTemplate transaction;

  public BenchAggregates(DataSource dataSource) {
    this.aggregates = new Aggregates(JdbcClient.create(dataSource),
        new Pulses(JdbcClient.create(dataSource), dataSource, event -> {}), event -> {}); // no listeners here
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  public void rebuild(long userId) {
    transaction.executeWithoutResult(status -> aggregates.rebuild(userId));
  }

  public long drift(long userId) {
    Long drift = transaction.execute(status -> aggregates.drift(userId));
    return drift == null ? -1 : drift;
  }
}
