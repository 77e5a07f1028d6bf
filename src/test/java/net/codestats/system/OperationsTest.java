package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void reportsHealth() {
    var response = new Http(port).get("/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
    assertThat(new Http(port).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void exposesPrometheusMetrics() {
    var http = new Http(port);
    http.get("/api/users/nobody-" + System.nanoTime());
    var response = http.get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("http_server_requests_seconds_count").contains("hikaricp_connections").contains("jvm_memory_used_bytes");
  }

  @Test
  void logsRequestsWithoutTokens(CapturedOutput output) {
    var sender = new TestUsers(accounts, machines).userWithMachine("logged");
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    var response = new Http(port).postPulse(sender.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[]}");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(output.getOut()).contains("POST /api/my/pulses 201");
    assertThat(output.getAll()).doesNotContain(sender.token());
  }
}
