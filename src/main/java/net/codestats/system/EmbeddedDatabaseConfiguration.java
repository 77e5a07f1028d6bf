package net.codestats.system;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the embedded PostgreSQL unless {@code spring.datasource.url} names another one. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgresServer(CodeStatsProperties properties) throws IOException {
    var settings = properties.embeddedDatabase();
    Path directory =
        settings.ephemeral()
            ? Files.createTempDirectory("codestats-pg")
            : properties.absoluteDataDir().resolve("postgres");
    return EmbeddedPostgresServer.start(directory, settings.port(), settings.ephemeral());
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
