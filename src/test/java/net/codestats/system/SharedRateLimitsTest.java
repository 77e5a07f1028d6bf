package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two nodes' RateLimits over one PostgreSQL share a cluster limit; node limits stay apart. */
@IntegrationTest
class SharedRateLimitsTest {

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  private RateLimits node() {
    return new RateLimits(
        new RateLimits.Settings(true, List.of()),
        new Caches(new CacheSettings(Map.of()), new SimpleMeterRegistry()),
        clock,
        dataSource);
  }

  @Test
  void twoNodesShareOneClusterLimit() {
    var limit = new RateLimits.Limit("shared test " + UUID.randomUUID(), 10, Duration.ofHours(1));
    RateLimits a = node();
    RateLimits b = node();
    int allowed = 0;
    for (int i = 0; i < 20; i++) {
      if ((i % 2 == 0 ? a : b).tryTake(limit, "198.51.100.7") == 0) {
        allowed++;
      }
    }
    // 10 in total across both nodes, not 10 each
    assertThat(allowed).isEqualTo(10);
    assertThat(a.secondsUntilAllowed(limit, "198.51.100.7")).isPositive();
    assertThat(b.tryTake(limit, "198.51.100.7")).isPositive();
    // positive control: another key is not limited, and an unseen key is allowed without a row
    assertThat(b.tryTake(limit, "198.51.100.8")).isZero();
    assertThat(a.secondsUntilAllowed(limit, "198.51.100.9")).isZero();
    assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id like :p")
        .param("p", limit.name() + "%")
        .query(Long.class)
        .single())
        .isEqualTo(2);
  }

  @Test
  void nodeLimitsCountPerNode() {
    var limit = new RateLimits.Limit("node test " + UUID.randomUUID(), 3, Duration.ofHours(1), RateLimits.Scope.NODE);
    RateLimits a = node();
    RateLimits b = node();
    for (int i = 0; i < 3; i++) {
      assertThat(a.tryTake(limit, "m")).isZero();
      assertThat(b.tryTake(limit, "m")).isZero();
    }
    assertThat(a.tryTake(limit, "m")).isPositive();
    assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id like :p")
        .param("p", limit.name() + "%")
        .query(Long.class)
        .single())
        .isZero();
  }

  @Test
  void expiredBucketsAreRemoved() {
    var limit = new RateLimits.Limit("expiry test " + UUID.randomUUID(), 2, Duration.ofSeconds(1));
    RateLimits a = node();
    assertThat(a.tryTake(limit, "k")).isZero();
    jdbc.sql("update rate_limit_buckets set expires_at = 0 where id like :p").param("p", limit.name() + "%").update();
    var kept = new RateLimits.Limit("kept test " + UUID.randomUUID(), 2, Duration.ofHours(1));
    assertThat(a.tryTake(kept, "k")).isZero();
    a.removeExpiredBuckets();
    assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id like :p")
        .param("p", limit.name() + "%")
        .query(Long.class)
        .single())
        .isZero();
    // control: a bucket still refilling stays
    assertThat(jdbc.sql("select count(*) from rate_limit_buckets where id like :p")
        .param("p", kept.name() + "%")
        .query(Long.class)
        .single())
        .isEqualTo(1);
  }
}
