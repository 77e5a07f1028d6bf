package net.codestats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units in deploy/systemd pass {@code systemd-analyze verify} (with /opt/codestats laid
 * out in a temporary directory, as the README installs it) and the node's hardening keeps
 * systemd's exposure score low. Without systemd-analyze the files are only read.
 */
class SystemdUnitsTest {

  static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
  static final Path UNITS = Path.of("deploy/systemd");

  @TempDir Path dir;

  @Test
  void nodeUnitIsTemplatedHardenedAndRestarts() throws Exception {
    String node = Files.readString(UNITS.resolve("codestats@.service"));
    assertThat(node).contains("Environment=SERVER_PORT=%i", "Restart=on-failure", "User=codestats",
        "ProtectSystem=strict", "ReadWritePaths=/var/lib/codestats/%i", "NoNewPrivileges=yes",
        "PrivateTmp=yes", "ProtectHome=yes", "\nCapabilityBoundingSet=\n", "KillMode=mixed",
        "Environment=MALLOC_ARENA_MAX=2");
    String timer = Files.readString(UNITS.resolve("codestats-backup.timer"));
    assertThat(timer).contains("Persistent=true", "OnCalendar=");
  }

  @Test
  void systemdAcceptsTheUnits() throws Exception {
    boolean present = Files.isExecutable(ANALYZE);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("systemd-analyze is needed (apt-get install systemd)");
    }
    Assumptions.assumeTrue(present, "systemd-analyze missing");
    Path opt = dir.resolve("opt");
    Path units = Files.createDirectories(dir.resolve("units"));
    for (Path file : List.of(opt.resolve("java/bin/java"), opt.resolve("deploy/backup"))) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (String name : List.of("codestats@.service", "codestats-backup.service", "codestats-backup.timer")) {
      String unit = Files.readString(UNITS.resolve(name)).replace("/opt/codestats/", opt + "/");
      Files.writeString(units.resolve(name), unit);
    }
    Files.createSymbolicLink(units.resolve("codestats@8080.service"), Path.of("codestats@.service"));
    List<String> verify = new ArrayList<>(List.of(ANALYZE.toString(), "verify"));
    for (String name : List.of("codestats@8080.service", "codestats-backup.service", "codestats-backup.timer")) {
      verify.add(units.resolve(name).toString());
    }
    assertThat(run(verify)).isEmpty();
    // systemd's own rating of the sandbox: 0 (tight) to 10 (open); 1.7 when written
    run(List.of(ANALYZE.toString(), "security", "--offline=yes", "--threshold=25",
        units.resolve("codestats@8080.service").toString()));
  }

  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return command.contains("verify") ? output.strip() : "";
  }
}
