package net.codestats.correction;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import net.codestats.pulse.Pulses;
import net.codestats.pulse.XpRewritten;
import net.codestats.xp.BenchAggregates;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The server's own correction code run from the benchmark over a plain connection pool: a
 * removal and its restoration, each one transaction in which the aggregates are rebuilt (the
 * pulse module's event is handed to the production rebuild, as the server's listener does).
 */
public final class BenchCorrections {

  private final CorrectionStore store;
  private final TransactionTemplate transaction;

  public BenchCorrections(DataSource dataSource) {
    var aggregates = new BenchAggregates(dataSource);
    var pulses =
        new Pulses(JdbcClient.create(dataSource), dataSource, event -> {
          if (event instanceof XpRewritten rewritten) {
            aggregates.rebuild(rewritten.userId()); // joins the correction's transaction
          }
        });
    this.store = new CorrectionStore(JdbcClient.create(dataSource), pulses, Clock.systemUTC());
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** Removes all of the user's XP in {@code [from, until)}; returns the correction. */
  public Correction remove(long userId, Instant from, Instant until) {
    var scope = new CorrectionScope(null, null, null, null, from, until, ZoneOffset.UTC);
    return transaction.execute(status -> store.remove(userId, scope));
  }

  public Correction restore(long userId, long correctionId) {
    return transaction.execute(status -> store.restore(userId, correctionId, machineId -> true));
  }
}
