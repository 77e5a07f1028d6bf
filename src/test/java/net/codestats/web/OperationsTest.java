package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void reportsHealthOnThePublicPortWithoutDetails() {
    var http = new Http(port);
    for (String path : new String[] {"/health", "/livez", "/readyz"}) {
      var response = http.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).contains("\"status\":\"UP\"").doesNotContain("components", "db");
    }
  }

  /** Metrics tell a stranger too much (versions, paths, sessions): only the management port has them. */
  @Test
  void metricsAreOnTheManagementPortOnly() {
    var http = new Http(port);
    http.get("/api/users/nobody-" + System.nanoTime());
    for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/info", "/actuator"}) {
      assertThat(http.get(path).statusCode()).as(path).isEqualTo(404);
    }

    var management = new Http(managementPort);
    var metrics = management.get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("http_server_requests_seconds_count")
        .contains("hikaricp_connections")
        .contains("jvm_memory_used_bytes");
    assertThat(management.get("/actuator/health").body()).contains("\"status\":\"UP\"");
    assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void logsRequestsWithoutTokens(CapturedOutput output) {
    var sender = new TestUsers(accounts, machines).userWithMachine("logged");
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    var response = new Http(port).postPulse(sender.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[]}");
    assertThat(response.statusCode()).isEqualTo(201);
    // the line is written once the request is done, which can be just after the client has the whole answer
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(output.getOut()).contains("POST /api/my/pulses 201"));
    assertThat(output.getAll()).doesNotContain(sender.token());
  }
}
