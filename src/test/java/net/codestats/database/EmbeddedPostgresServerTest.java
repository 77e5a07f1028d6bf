package net.codestats.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @TempDir Path dataDirectory;

  @Test
  void keepsDataBetweenRunsAndStopsAPostmasterLeftRunningByAKilledRun() throws Exception {
    try (var first = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
      try (var connection = DriverManager.getConnection(first.jdbcUrl())) {
        connection.createStatement().execute("create table kept (value text); insert into kept values ('still here')");
        var settings = connection.createStatement()
            .executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')");
        settings.next();
        assertThat(settings.getString(1)).isEqualTo("on");
        assertThat(settings.getString(2)).isEqualTo("on");
      }
      // As after a SIGKILL of the JVM: the postmaster still runs on the directory.
      long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
      EmbeddedPostgresServer.stopOrphanedPostmaster(dataDirectory);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    try (var second = EmbeddedPostgresServer.start(dataDirectory, 0, false);
        var connection = DriverManager.getConnection(second.jdbcUrl())) {
      var kept = connection.createStatement().executeQuery("select value from kept");
      kept.next();
      assertThat(kept.getString(1)).isEqualTo("still here");
    }
  }

  @Test
  void ignoresAStalePidFileWhoseProcessIsGone() throws Exception {
    Files.writeString(dataDirectory.resolve("postmaster.pid"), "999999999\n");
    EmbeddedPostgresServer.stopOrphanedPostmaster(dataDirectory);
    assertThat(dataDirectory.resolve("postmaster.pid")).exists();
  }
}
