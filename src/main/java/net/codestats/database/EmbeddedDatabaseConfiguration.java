package net.codestats.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Starts the embedded PostgreSQL unless {@code spring.datasource.url} names another one. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

  /** Begins the start early, in parallel with the rest of the context; it also stops the server. */
  @Bean
  static EmbeddedPostgresStart embeddedPostgresStart(Environment environment) {
    return new EmbeddedPostgresStart(environment);
  }

  @Bean(destroyMethod = "") // stopped by EmbeddedPostgresStart
  EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresStart start) {
    return start.await();
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedPostgresServer server) {
    var dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(server.jdbcUrl());
    dataSource.setUsername("postgres");
    return dataSource;
  }
}
