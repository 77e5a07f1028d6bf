package net.codestats.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.LiveHeap;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import net.codestats.xp.Aggregates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@IntegrationTest
class ImportExportTest {

  static final String PASSWORD = "correct horse battery";
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Aggregates aggregates;
  @Autowired Languages languages;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;

  private WebSession loggedIn(String name) {
    var web = new WebSession(port);
    assertThat(web.login(name, PASSWORD).headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
    return web;
  }

  private String export(WebSession web) {
    var response = web.get("/my/pulses");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
    return response.body();
  }

  private HttpResponse<String> upload(WebSession web, byte[] file) {
    return upload(web, HttpRequest.BodyPublishers.ofByteArray(file));
  }

  /** As the page's script sends it: the file is the body, the CSRF token a header; streamed. */
  private HttpResponse<String> upload(WebSession web, HttpRequest.BodyPublisher file) {
    return web.uploadImport(file);
  }

  /** Uploads and waits for the import to finish; returns its final status. */
  private JsonNode importFile(WebSession web, byte[] file) throws InterruptedException {
    var response = upload(web, file);
    assertThat(response.statusCode()).isEqualTo(202);
    long deadline = System.currentTimeMillis() + 600_000;
    while (System.currentTimeMillis() < deadline) {
      var status = web.send(HttpRequest.newBuilder(web.uri("/my/import/status")).build());
      if (status.statusCode() == 200) {
        JsonNode node = json.readTree(status.body());
        if (!node.get("running").asBoolean()) {
          return node;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("import did not finish");
  }

  private String profileJson(String name) {
    var response = new Http(port).get("/api/users/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private List<String> hours(String name) {
    long id = accounts.findByUsername(name).orElseThrow().id();
    return jdbc.sql("select local_hour || ':' || xp from user_hour_xp where user_id = ? order by local_hour")
        .param(id)
        .query(String.class)
        .list();
  }

  @Test
  void exportDeleteSignUpAgainImportGivesIdenticalStats() throws Exception {
    String name = TestUsers.uniqueName("roundtrip");
    var user = accounts.create(name, PASSWORD, null);
    var laptop = machines.create(user.id(), "Laptop; the \"old\" one");
    var desktop = machines.create(user.id(), "Desktop");
    // an alias: XP sent as the alias counts for its target, and the export keeps the name as sent
    String target = "RoundTripLang" + UUID.randomUUID().toString().substring(0, 8);
    String alias = target + "-alias";
    long targetId = languages.resolve(target).countedId();
    languages.resolve(alias);
    jdbc.sql("update languages set alias_of = ? where lower(name) = lower(?)").params(targetId, alias).update();
    languages.forgetCachedNames();

    var http = new Http(port);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    String[] offsets = {"+05:30", "-08:00", "Z", "+14:00"};
    for (int i = 0; i < 40; i++) {
      String codedAt = now.minusHours(i * 3L)
          .withOffsetSameInstant(ZoneOffset.of(offsets[i % 4].equals("Z") ? "+00:00" : offsets[i % 4])).toString();
      String body =
          "{\"coded_at\":\"%s\",\"xps\":[{\"language\":\"Java\",\"xp\":%d},{\"language\":\"%s\",\"xp\":%d},{\"language\":\"Plain; text\",\"xp\":1}]}"
              .formatted(codedAt, 10 + i, i % 2 == 0 ? alias : target, 3 * i);
      var token = i % 3 == 0 ? desktop.token() : laptop.token();
      assertThat(http.postPulse(token, body).statusCode()).isEqualTo(201);
    }
    machines.setActive(user.id(), desktop.machine().id(), false);

    var web = loggedIn(name);
    String csv = export(web);
    assertThat(csv).startsWith("sent_at;sent_at_local;tz_offset;language;machine;amount\n");
    assertThat(csv.lines().count()).isEqualTo(1 + 40 * 3);
    assertThat(csv).contains(";" + alias + ";").contains("\"Laptop; the \"\"old\"\" one\"").contains("\"Plain; text\"");
    String before = profileJson(name);
    List<String> hoursBefore = hours(name);
    var accountCsv = web.get("/my/export/account");
    assertThat(accountCsv.body())
        .startsWith("username;email;gravatar_email;private_profile;terms_accepted;created_at\n" + name + ";");

    web.submit("/my/preferences", "#delete-form",
        Map.of("delete_confirmation", "DELETE", "current_password", PASSWORD));
    assertThat(accounts.findByUsername(name)).isEmpty();

    var again = new WebSession(port);
    again.submit("/signup", "#signup-form",
        Map.of("username", name, "password", PASSWORD, "old_enough", "on", "terms_read", "on"));
    web = loggedIn(name);
    JsonNode status = importFile(web, csv.getBytes(StandardCharsets.UTF_8));
    assertThat(status.get("state").asString()).as(status.toString()).isEqualTo("done");
    assertThat(status.get("message").asString()).contains("40 pulses with 120 XP entries added");

    // deactivated machines come back active; their XP was in the totals all along
    long newUser = accounts.findByUsername(name).orElseThrow().id();
    machines.list(newUser).stream()
        .filter(m -> m.name().equals("Desktop"))
        .forEach(m -> machines.setActive(newUser, m.id(), false));
    assertThat(json.readTree(profileJson(name))).isEqualTo(json.readTree(before));
    assertThat(hours(name)).isEqualTo(hoursBefore);
    assertThat(aggregates.drift(newUser)).isZero();
    assertThat(export(web)).isEqualTo(csv);

    // the same file again adds nothing
    status = importFile(web, csv.getBytes(StandardCharsets.UTF_8));
    assertThat(status.get("message").asString()).contains("0 pulses with 0 XP entries added");
    assertThat(json.readTree(profileJson(name))).isEqualTo(json.readTree(before));
  }

  @Test
  void anImportShowsOnTheCachedProfileAtOnce() throws Exception {
    var sender = new TestUsers(accounts, machines).userWithMachine("exporter");
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusMinutes(5).toString();
    new Http(port).postPulse(sender.token(),
        "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Zig\",\"xp\":42}]}");
    String csv = export(loggedIn(sender.user().username()));

    String name = TestUsers.uniqueName("importer");
    accounts.create(name, PASSWORD, null);
    assertThat(profileJson(name)).contains("\"total_xp\":0");
    assertThat(profileJson(name)).contains("\"total_xp\":0"); // now from memory

    JsonNode status = importFile(loggedIn(name), csv.getBytes(StandardCharsets.UTF_8));
    assertThat(status.get("state").asString()).as(status.toString()).isEqualTo("done");
    assertThat(profileJson(name)).contains("\"total_xp\":42").contains("\"Zig\"");
  }

  @Test
  void reimportingOnesOwnExportIntoTheSameAccountAddsNothing() throws Exception {
    var owner = new TestUsers(accounts, machines).userWithMachine("ownexport");
    var http = new Http(port);
    String codedAt = OffsetDateTime.now().withNano(123_456_789).toString();
    http.postPulse(owner.token(), "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Go\",\"xp\":7}]}");
    var web = loggedIn(owner.user().username());
    String csv = export(web);
    JsonNode status = importFile(web, csv.getBytes(StandardCharsets.UTF_8));
    assertThat(status.get("message").asString()).contains("0 pulses with 0 XP entries added")
        .contains("1 pulses were already there");
  }

  @Test
  void aMalformedLineIsNamedAndNothingOfTheFileIsStored() throws Exception {
    String name = TestUsers.uniqueName("malformed");
    accounts.create(name, PASSWORD, null);
    var web = loggedIn(name);
    long id = accounts.findByUsername(name).orElseThrow().id();
    String good = "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Elixir;Laptop;1\n";
    Map<String, String> cases =
        Map.of(
            "Line 4: amount must be a whole number.",
            good + good + "2017-11-27 23:00:10Z;2017-11-28 00:00:10;60;Elixir;Laptop;ten\n",
            "Line 3: sent_at is not a time", good + "yesterday;2017-11-28 00:00:10;60;Elixir;Laptop;1\n",
            "Line 2: expected 6 fields", "2017-11-27 23:00:00Z;Elixir;Laptop;1\n",
            "Line 3: amount must not be negative.",
            good + "2017-11-27 23:00:10Z;2017-11-28 00:00:10;60;Elixir;Laptop;-5\n",
            "Line 2: tz_offset must be", "2017-11-27 23:00:00Z;2017-11-28 00:00:00;99999;Elixir;Laptop;1\n",
            "Line 2: the machine name", "2017-11-27 23:00:00Z;2017-11-28 00:00:00;60;Elixir;;1\n");
    for (var entry : cases.entrySet()) {
      String file = "sent_at;sent_at_local;tz_offset;language;machine;amount\n" + entry.getValue();
      JsonNode status = importFile(web, file.getBytes(StandardCharsets.UTF_8));
      assertThat(status.get("state").asString()).isEqualTo("failed");
      assertThat(status.get("message").asString()).startsWith(entry.getKey()).endsWith("Nothing was imported.");
    }
    JsonNode header = importFile(web, "time;lang\n".getBytes(StandardCharsets.UTF_8));
    assertThat(header.get("message").asString()).startsWith("Line 1: the header must be");
    JsonNode binary = importFile(web, new byte[] {'s', (byte) 0xff, (byte) 0xfe, '\n'});
    assertThat(binary.get("state").asString()).isEqualTo("failed");

    assertThat(jdbc.sql("select count(*) from pulses where user_id = ?").param(id).query(Long.class).single()).isZero();
    assertThat(machines.list(id)).isEmpty();
    var page = web.page("/my/preferences");
    assertThat(page.select("#import-message").text()).contains("Nothing was imported.");

    // control: the good line alone is imported and seen by the same checks
    JsonNode fine = importFile(web,
        ("sent_at;sent_at_local;tz_offset;language;machine;amount\n" + good).getBytes(StandardCharsets.UTF_8));
    assertThat(fine.get("state").asString()).as(fine.toString()).isEqualTo("done");
    assertThat(jdbc.sql("select count(*) from pulses where user_id = ?").param(id).query(Long.class).single())
        .isEqualTo(1);
    assertThat(machines.list(id)).hasSize(1);
  }

  @Test
  void importWithoutAFileOrWithoutCsrfIsRefused() {
    String name = TestUsers.uniqueName("nofile");
    accounts.create(name, PASSWORD, null);
    var web = loggedIn(name);
    var empty = upload(web, new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("choose a CSV file");
    var noCsrf =
        web.send(
            HttpRequest.newBuilder(web.uri("/my/import"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("abc"))
                .build());
    assertThat(noCsrf.statusCode()).isEqualTo(403);
  }

  // minutes of work: run on its own (README, "Slow tests"), not in the default suite
  @Tag("slow")
  @Test
  void aMillionLinesImportWithProgressAndFlatMemory() throws Exception {
    String name = TestUsers.uniqueName("million");
    accounts.create(name, PASSWORD, null);
    var web = loggedIn(name);
    Path file = Files.createTempFile("million", ".csv");
    try (var out = Files.newBufferedWriter(file)) {
      out.write("sent_at;sent_at_local;tz_offset;language;machine;amount\n");
      OffsetDateTime start = OffsetDateTime.of(2016, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      String[] langs = {"Elixir", "Java", "Python", "Rust", "Markdown"};
      for (int i = 0; i < 500_000; i++) {
        var utc = start.plusSeconds(i * 60L).toLocalDateTime();
        var local = utc.plusHours(2);
        for (int j = 0; j < 2; j++) {
          out.write(TIME.format(utc) + "Z;" + TIME.format(local) + ";120;"
              + langs[(i + j) % 5] + ";machine-" + (i % 3) + ";" + (1 + (i % 50)) + "\n");
        }
      }
    }
    List<Integer> seen = new ArrayList<>();
    JsonNode status;
    // The server runs in this JVM, so its live heap is measured here. Holding the million
    // rows at once would take about 300 MB (an ImportRow with its two LocalDateTimes and
    // strings is some 300 bytes); even the file alone as bytes would be 65 MB.
    var heap = LiveHeap.sampleEvery(Duration.ofSeconds(2));
    try (heap) {
      var response = upload(web, HttpRequest.BodyPublishers.ofFile(file));
      assertThat(response.statusCode()).isEqualTo(202);
      long deadline = System.currentTimeMillis() + 900_000;
      do {
        Thread.sleep(500);
        status = json.readTree(web.send(HttpRequest.newBuilder(web.uri("/my/import/status")).build()).body());
        seen.add(status.get("percent").asInt());
      } while (status.get("running").asBoolean() && System.currentTimeMillis() < deadline);
    }
    long fileMb = Files.size(file) >> 20;
    Files.deleteIfExists(file);
    System.out.printf("million-line import: file %d MB, live heap %d MB before, at most %d MB more during the import%n",
        fileMb, heap.baselineMb(), heap.growthMb());
    assertThat(heap.growthMb()).as("live heap growth during the import, MB").isLessThan(48);
    assertThat(status.get("state").asString()).as(status.toString()).isEqualTo("done");
    assertThat(seen.stream().filter(p -> p > 0 && p < 100).count()).as("progress shown while running").isPositive();
    long id = accounts.findByUsername(name).orElseThrow().id();
    assertThat(jdbc.sql("select count(*) from xps where user_id = ?").param(id).query(Long.class).single())
        .isEqualTo(1_000_000L);
    long expected = 0;
    for (int i = 0; i < 500_000; i++) {
      expected += 2L * (1 + (i % 50));
    }
    assertThat(jdbc.sql("select sum(xp) from user_language_xp where user_id = ?").param(id).query(Long.class).single())
        .isEqualTo(expected);
    assertThat(aggregates.drift(id)).isZero();
  }
}
