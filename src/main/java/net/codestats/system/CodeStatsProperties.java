package net.codestats.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code codestats.*}); Spring's own ({@code server.port},
 * {@code spring.datasource.*}, {@code spring.mail.*}) are documented in the README.
 *
 * @param dataDir where the embedded database and generated secrets live between runs
 * @param publicUrl the address users reach the site at, used in links and origin checks
 * @param secretKey base64 key (>= 32 bytes) that derives machine tokens; generated into
 *     the data directory when not given
 * @param embeddedDatabase settings of the embedded PostgreSQL
 * @param demo creates a demo user with a machine at start-up and prints its token
 * @param admin the admin area's settings
 * @param cluster several app nodes share one PostgreSQL: the one switch from the single-node
 *     defaults (state in this JVM) to the cluster ones (state and signals through the database)
 */
@ConfigurationProperties("codestats")
public record CodeStatsProperties(
    @DefaultValue("data") Path dataDir,
    @DefaultValue("http://localhost:8080") URI publicUrl,
    String secretKey,
    @DefaultValue EmbeddedDatabase embeddedDatabase,
    @DefaultValue("false") boolean demo,
    @DefaultValue Admin admin,
    @DefaultValue("false") boolean cluster) {

  /**
   * @param port fixed port, or 0 for any free one
   * @param ephemeral start from an empty directory and delete it at shutdown (tests)
   */
  public record EmbeddedDatabase(@DefaultValue("0") int port, @DefaultValue("false") boolean ephemeral) {}

  /**
   * @param usernames the first admins (more are granted in the area); they cannot be revoked there
   * @param mailsPerSecond how fast a mass mail goes out, so that the SMTP relay does not take
   *     the service for a spammer
   */
  public record Admin(@DefaultValue List<String> usernames, @DefaultValue("5") double mailsPerSecond) {}

  public Path absoluteDataDir() {
    return dataDir.toAbsolutePath().normalize();
  }
}
