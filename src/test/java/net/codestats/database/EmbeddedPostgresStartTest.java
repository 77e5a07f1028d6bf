package net.codestats.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedPostgresStartTest {

  @TempDir Path dataDirectory;

  @Test
  void startsInTheBackgroundAndStopsTheServerWithTheContext() throws Exception {
    var start =
        new EmbeddedPostgresStart(new MockEnvironment().withProperty("codestats.data-dir", dataDirectory.toString()));
    start.postProcessBeanFactory(new DefaultListableBeanFactory());
    var server = start.await();
    try (var connection = DriverManager.getConnection(server.jdbcUrl())) {
      assertThat(connection.isValid(1)).isTrue();
    }
    assertThat(dataDirectory.resolve("postgres/postmaster.pid")).exists();
    start.destroy();
    // a clean shutdown removes the pid file
    assertThat(dataDirectory.resolve("postgres/postmaster.pid")).doesNotExist();
  }

  @Test
  void failsClearlyWhenPostgresCannotStart() throws Exception {
    Path notADirectory = Files.writeString(dataDirectory.resolve("file"), "in the way");
    var start =
        new EmbeddedPostgresStart(new MockEnvironment().withProperty("codestats.data-dir", notADirectory.toString()));
    start.postProcessBeanFactory(new DefaultListableBeanFactory());
    assertThatThrownBy(start::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("The embedded PostgreSQL could not start");
    start.destroy(); // nothing to stop, no hang
  }

  @Test
  void stopsNothingWhenItNeverStarted() throws Exception {
    new EmbeddedPostgresStart(new MockEnvironment()).destroy();
  }
}
