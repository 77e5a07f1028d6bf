package net.codestats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules in deploy/prometheus name only metrics the application really serves at
 * /actuator/prometheus, and promtool accepts the files and passes the rules' unit tests
 * (promtool from Debian's prometheus package: on PATH, in $PROMTOOL or unpacked by .ci/run
 * into target/promtool; required under CI=true).
 */
@IntegrationTest
class PrometheusRulesTest {

  static final Path DIR = Path.of("deploy/prometheus");
  /** Words in an expression that are PromQL, not metric names. */
  static final Set<String> PROMQL = Set.of("sum", "rate", "increase", "or", "vector", "predict_linear",
      "by", "without", "and", "unless", "on", "job", "instance", "uri", "status", "path", "up");

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  @SuppressWarnings("unchecked")
  void everyMetricOfTheRulesIsServed() throws Exception {
    var coder = new TestUsers(accounts, machines).userWithMachine("promrules");
    String codedAt = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
        .format(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusSeconds(5));
    assertThat(new Http(port).postPulse(coder.token(),
        "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Promql\",\"xp\":3}]}").statusCode()).isEqualTo(201);
    String metrics = new Http(managementPort).get("/actuator/prometheus").body();
    Set<String> served = metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

    Map<String, Object> rules = new Yaml().load(Files.readString(DIR.resolve("codestats-rules.yml")));
    var alerts = new TreeSet<String>();
    var named = new TreeSet<String>();
    for (var group : (List<Map<String, Object>>) rules.get("groups")) {
      for (var rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) rule.get("alert"));
        assertThat(rule).containsKeys("expr", "labels", "annotations");
        String expr = ((String) rule.get("expr")).replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "");
        Matcher words = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*").matcher(expr);
        while (words.find()) {
          if (!PROMQL.contains(words.group())) {
            named.add(words.group());
          }
        }
      }
    }
    assertThat(alerts).containsExactlyInAnyOrder("CodeStatsNodeDown", "CodeStatsNoPulsesStored",
        "CodeStatsServerErrors", "CodeStatsDatabaseUnreachable", "CodeStatsDiskFilling", "CodeStatsAggregateDrift",
        "CodeStatsClusterMessagesDropped");
    assertThat(named).containsExactlyInAnyOrder("http_server_requests_seconds_count", "codestats_database_up",
        "disk_free_bytes", "disk_total_bytes", "codestats_aggregates_drift_total",
        "codestats_cluster_messages_dropped_total");
    assertThat(served).containsAll(named);
    assertThat(metrics).contains("codestats_database_up 1.0");
    assertThat(metrics)
        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"201\"[^}]*uri=\"/api/my/pulses\"");
  }

  @Test
  void promtoolAcceptsConfigAndRulesAndTheirTests() throws Exception {
    String promtool = Stream.of(System.getenv("PROMTOOL"), "target/promtool/usr/bin/promtool", "/usr/bin/promtool")
        .filter(p -> p != null && !p.isBlank() && Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    if (promtool == null && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("promtool is needed: .ci/run unpacks it from Debian's prometheus package");
    }
    Assumptions.assumeTrue(promtool != null, "promtool missing (Debian: prometheus)");
    String tool = Path.of(promtool).toAbsolutePath().toString();
    run(tool, "check", "config", "prometheus.yml");
    run(tool, "check", "rules", "codestats-rules.yml");
    run(tool, "test", "rules", "codestats-rules-test.yml");
  }

  static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}
