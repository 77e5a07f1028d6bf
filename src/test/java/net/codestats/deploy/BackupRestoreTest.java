package net.codestats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.codestats.CodeStatsApplication;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * deploy/backup and deploy/restore for real: the application (its own process's context,
 * not the shared test one) is seeded with users and pulses, backed up while it runs, stopped;
 * its data directory (and the external database) are wiped; the backup is restored and the
 * application started again: every user's /api/users/{name} is byte-equal and every machine
 * token still stores pulses. For the embedded PostgreSQL and for the external one on
 * 127.0.0.1:5432 (skipped when none answers). Run alone with
 * {@code ./mvnw test -Dtest=BackupRestoreTest -Dgroups=slow -DexcludedGroups=}.
 */
@Tag("slow")
class BackupRestoreTest {

  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  static final List<String> LANGUAGES = List.of("Java", "Rust", "Elixir", "SQL");

  @TempDir Path dir;

  @Test
  void embeddedDatabaseBackedUpOnlineRestores() throws Exception {
    roundTrip(Map.of(), Map.of());
  }

  @Test
  void externalDatabaseRestores() throws Exception {
    Assumptions.assumeTrue(command("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q") == 0,
        "no PostgreSQL on 127.0.0.1:5432");
    String database = "codestats_backup_" + ProcessHandle.current().pid();
    String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
    psql("drop database if exists " + database);
    psql("create database " + database);
    try {
      roundTrip(Map.of("spring.datasource.url", url, "spring.datasource.username", "postgres"),
          Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", "postgres"));
      assertThat(psql("drop database " + database)).isZero();
    } finally {
      psql("drop database if exists " + database);
    }
  }

  void roundTrip(Map<String, String> properties, Map<String, String> environment) throws Exception {
    Path data = dir.resolve("data");
    Path backups = dir.resolve("backups");
    var coders = new ArrayList<UserWithMachine>();
    var profiles = new LinkedHashMap<String, String>();
    try (var app = start(data, properties)) {
      var users = new TestUsers(app.getBean(Accounts.class), app.getBean(Machines.class));
      Http http = new Http(port(app));
      for (int i = 0; i < 6; i++) {
        var coder = users.userWithMachine("backup");
        coders.add(coder);
        for (int p = 0; p <= i % 3; p++) {
          assertThat(http.postPulse(coder.token(), pulse(LANGUAGES.get((i + p) % LANGUAGES.size()), 10 + i * 7 + p))
              .statusCode()).isEqualTo(201);
        }
      }
      for (var coder : coders) {
        String name = coder.user().username();
        var profile = http.get("/api/users/" + name);
        assertThat(profile.statusCode()).isEqualTo(200);
        profiles.put(name, profile.body());
      }
      // online: the node keeps running while it is backed up
      var env = new LinkedHashMap<>(environment);
      env.put("CODESTATS_DATA_DIR", data.toString());
      env.put("CODESTATS_BACKUP_DIR", backups.toString());
      assertThat(script(env, "deploy/backup")).isZero();
    }
    Path backup;
    try (Stream<Path> made = Files.list(backups)) {
      backup = made.filter(p -> p.getFileName().toString().startsWith("codestats-")).findFirst().orElseThrow();
    }
    assertThat(backup.resolve("secret.key")).exists();
    // while it ran: the embedded database through PostgreSQL's backup API, the external by pg_dump
    assertThat(Files.readString(backup.resolve("MANIFEST")))
        .contains(environment.containsKey("SPRING_DATASOURCE_URL") ? "kind=pg_dump" : "kind=embedded-online");

    // everything gone: the data directory (embedded database, server secret) and the database
    deleteTree(data);
    if (environment.containsKey("SPRING_DATASOURCE_URL")) {
      String database = environment.get("SPRING_DATASOURCE_URL").replaceAll(".*/", "");
      assertThat(psql("drop database " + database)).isZero();
      assertThat(psql("create database " + database)).isZero();
    }
    var env = new LinkedHashMap<>(environment);
    env.put("CODESTATS_DATA_DIR", data.toString());
    assertThat(script(env, "deploy/restore", backup.toString())).isZero();

    try (var app = start(data, properties)) {
      Http http = new Http(port(app));
      for (var entry : profiles.entrySet()) {
        assertThat(http.get("/api/users/" + entry.getKey()).body()).as(entry.getKey()).isEqualTo(entry.getValue());
      }
      for (var coder : coders) {
        assertThat(http.postPulse(coder.token(), pulse("Java", 1)).statusCode()).as("token of %s",
            coder.user().username()).isEqualTo(201);
      }
    }
  }

  static ConfigurableApplicationContext start(Path data, Map<String, String> properties) {
    var settings = new LinkedHashMap<String, String>();
    settings.put("server.port", "0");
    settings.put("management.server.port", "-1");
    settings.put("codestats.data-dir", data.toString());
    settings.put("codestats.rate-limit.enabled", "false");
    settings.put("codestats.avatar.gravatar-url", "http://127.0.0.1:9/");
    settings.putAll(properties);
    // as arguments: they take precedence over application.properties (default properties do not)
    String[] arguments = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    // Logging stays as it is: Spring Boot's is JVM-wide, and closing this context would reset
    // it under the other tests of the same JVM (those reading the request log)
    String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    try {
      return new SpringApplicationBuilder(CodeStatsApplication.class).run(arguments);
    } finally {
      if (loggingSystem == null) {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
      } else {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
      }
    }
  }

  static int port(ConfigurableApplicationContext app) {
    return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
  }

  static String pulse(String language, int xp) {
    String codedAt =
        CODED_AT.format(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusSeconds(30));
    return "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"" + language + "\",\"xp\":" + xp + "}]}";
  }

  static int psql(String sql) throws Exception {
    return command("psql", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql);
  }

  static int script(Map<String, String> environment, String... command) throws Exception {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return 0;
  }

  static int command(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
