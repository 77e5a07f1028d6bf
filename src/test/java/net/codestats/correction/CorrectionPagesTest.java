package net.codestats.correction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The corrections page as a browser uses it: preview, remove, restore, the list and the export. */
@IntegrationTest
class CorrectionPagesTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void previewRemoveAndRestoreThroughThePage() {
    var coder = new TestUsers(accounts, machines).userWithMachine("correctpage");
    var http = new Http(port);
    Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);
    for (int i = 0; i < 5; i++) {
      String json = "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Haskell\",\"xp\":%d}]}"
          .formatted(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.plusSeconds(600L * i).atOffset(ZoneOffset.UTC)),
              100 + i);
      assertThat(http.postPulse(coder.token(), json).statusCode()).isEqualTo(201);
    }
    String before = http.get("/api/users/" + coder.user().username()).body();
    var web = new WebSession(port);
    assertThat(web.login(coder.user().username(), PASSWORD).statusCode()).isEqualTo(302);

    var empty = web.page("/my/corrections");
    assertThat(empty.selectFirst("#no-corrections")).isNotNull();
    assertThat(empty.select("#correction-machine option").eachText()).contains("laptop");
    assertThat(empty.select("#correction-language option").eachText()).contains("Haskell");

    var preview = web.page("/my/corrections?machine=" + coder.machineId() + "&zone=local");
    assertThat(preview.selectFirst("#preview-summary").text()).contains("510 XP in 5 pulses");
    assertThat(preview.select("#preview-languages tbody tr").text()).contains("Haskell 510 510 0");
    assertThat(preview.selectFirst("#total-after").text()).isEqualTo("0");
    assertThat(preview.text()).contains("(the offset of your latest pulse)");

    var removed = web.submit("/my/corrections?machine=" + coder.machineId() + "&zone=local", "#remove-form", Map.of());
    assertThat(removed.statusCode()).isEqualTo(302);
    var list = web.page("/my/corrections");
    assertThat(list.text()).contains("Removed 510 XP in 5 pulses");
    assertThat(list.select("#corrections .correction-state").text()).startsWith("removed");
    assertThat(http.get("/api/users/" + coder.user().username()).body()).contains("\"total_xp\":0");

    var restored = web.submit("/my/corrections", "#corrections form", Map.of());
    assertThat(restored.statusCode()).isEqualTo(302);
    assertThat(web.page("/my/corrections").select("#corrections .correction-state").text()).startsWith("restored");
    assertThat(http.get("/api/users/" + coder.user().username()).body()).isEqualTo(before);

    String export = web.get("/my/export/corrections").body();
    assertThat(export).startsWith("created_at;what;pulses;xp;state;restored_at;purged_at");
    assertThat(export).contains(";machine laptop;5;510;restored;");
    // the pulse export keeps its format
    assertThat(web.get("/my/pulses").body()).startsWith("sent_at;sent_at_local;tz_offset;language;machine;amount");
  }

  @Test
  void badInputShowsTheReasonWithA400() {
    var users = new TestUsers(accounts, machines);
    var coder = users.userWithMachine("correctpagebad");
    var other = users.userWithMachine("correctpageother");
    var web = new WebSession(port);
    web.login(coder.user().username(), PASSWORD);

    var backwards = web.get("/my/corrections?from=2026-11-02T00:00&until=2026-11-01T00:00");
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(backwards.body()).selectFirst("#correction-error").text())
        .isEqualTo("The range ends before it starts.");
    assertThat(web.get("/my/corrections?machine=" + other.machineId()).statusCode()).isEqualTo(400);

    String csrf = web.csrfToken("/my/machines");
    var foreign = web.post("/my/corrections", Map.of("_csrf", csrf, "machine", Long.toString(other.machineId())));
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("There is no such machine among yours.");
    var nothing = web.post("/my/corrections", Map.of("_csrf", csrf, "machine", Long.toString(coder.machineId())));
    assertThat(nothing.statusCode()).isEqualTo(400);
    assertThat(nothing.body()).contains("Nothing to remove");
    assertThat(web.page("/my/corrections").selectFirst("#no-corrections")).isNotNull();
  }

  @Test
  void anonymousVisitorsLogInFirstAndOthersCorrectionsAreNotFound() {
    var anonymous = new WebSession(port);
    var page = anonymous.get("/my/corrections");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");

    var users = new TestUsers(accounts, machines);
    var owner = users.userWithMachine("correctowner");
    var http = new Http(port);
    String json = "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Ada\",\"xp\":9}]}"
        .formatted(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC)));
    assertThat(http.postPulse(owner.token(), json).statusCode()).isEqualTo(201);
    var ownerWeb = new WebSession(port);
    ownerWeb.login(owner.user().username(), PASSWORD);
    ownerWeb.submit("/my/corrections?machine=" + owner.machineId(), "#remove-form", Map.of());
    String id =
        ownerWeb.page("/my/corrections").selectFirst("#corrections tr[data-correction-id]").attr("data-correction-id");

    var intruder = new WebSession(port);
    intruder.login(users.userWithMachine("correctintruder").user().username(), PASSWORD);
    String csrf = intruder.csrfToken("/my/machines");
    assertThat(intruder.post("/my/corrections/" + id + "/restore", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
    assertThat(intruder.post("/my/corrections/nope/restore", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
    assertThat(anonymous.post("/my/corrections/" + id + "/restore", Map.of()).statusCode()).isIn(302, 403);
    assertThat(ownerWeb.page("/my/corrections").select("#corrections .correction-state").text()).startsWith("removed");
  }
}
