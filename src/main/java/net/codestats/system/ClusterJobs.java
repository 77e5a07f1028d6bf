package net.codestats.system;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled jobs that are cluster-wide work (purges, the audit, the bucket clean-up) carry
 * ShedLock's {@code @SchedulerLock}: with {@code codestats.cluster=true} the lock is a row of
 * the table {@code shedlock}, so one node runs each due run; on one node it is a lock in this JVM.
 * Per-node jobs (in-memory refreshes) carry none.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
class ClusterJobs {

  @Bean
  LockProvider lockProvider(CodeStatsProperties properties, DataSource dataSource) {
    return properties.cluster() ? sharedLocks(dataSource) : new InMemoryLocks();
  }

  /** Locks in the table {@code shedlock}, timed by the database's clock (nodes' clocks may differ). */
  static LockProvider sharedLocks(DataSource dataSource) {
    return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
        .withJdbcTemplate(new JdbcTemplate(dataSource))
        .withTableName("shedlock")
        .usingDbTime()
        .build());
  }

  /** One node: a job's lock is held in memory until it ends or its lock-at-most time passes. */
  static final class InMemoryLocks implements LockProvider {
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
      Instant now = Instant.now();
      Instant until = configuration.getLockAtMostUntil();
      boolean[] taken = {false};
      held.compute(configuration.getName(), (name, current) -> {
        if (current == null || !current.isAfter(now)) {
          taken[0] = true;
          return until;
        }
        return current;
      });
      if (!taken[0]) {
        return Optional.empty();
      }
      return Optional.of(() -> {
        Instant unlockAt = configuration.getLockAtLeastUntil();
        if (unlockAt.isAfter(Instant.now())) {
          held.put(configuration.getName(), unlockAt);
        } else {
          held.remove(configuration.getName(), until);
        }
      });
    }
  }
}
