package net.codestats.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/** The daily cap on languages one user may create: API pulses, racing machines, imports. */
@IntegrationTest
class NewLanguageCapTest {

  static final String TOO_MANY =
      "{\"error\":\"Too many new languages: at most 100 new languages per user in 24 hours.\"}";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired JdbcClient jdbc;
  @Autowired ObjectMapper json;

  Http http;
  TestUsers users;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
  }

  static String pulse(List<String> languages) {
    String now = OffsetDateTime.now(ZoneOffset.ofHours(2)).truncatedTo(ChronoUnit.MILLIS).toString();
    String xps =
        languages.stream().map(l -> "{\"language\":\"" + l + "\",\"xp\":3}").collect(Collectors.joining(",", "[", "]"));
    return "{\"coded_at\":\"" + now + "\",\"xps\":" + xps + "}";
  }

  /** {@code count} names no one has sent before. */
  static List<String> newNames(String prefix, int count) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + run + "-" + i).toList();
  }

  long pulsesOf(long userId) {
    return jdbc.sql("select count(*) from pulses where user_id = ?").param(userId).query(Long.class).single();
  }

  boolean exists(String language) {
    return jdbc.sql("select count(*) from languages where lower(name) = lower(?)").param(language).query(Long.class)
        .single() > 0;
  }

  long createdBy(long userId) {
    return jdbc.sql("select count(*) from languages where created_by = ?").param(userId).query(Long.class).single();
  }

  @Test
  void theHundredAndFirstNewLanguageOfADayIsRefusedAndNothingOfItsPulseStored() {
    UserWithMachine flooder = users.userWithMachine("flooder");
    // positive control: up to the cap, new languages are welcome
    List<String> hundred = newNames("CapLang", 100);
    var first = http.postPulse(flooder.token(), pulse(hundred));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(createdBy(flooder.user().id())).isEqualTo(100);
    long pulsesBefore = pulsesOf(flooder.user().id());

    String oneTooMany = newNames("CapLang-extra", 1).getFirst();
    var refused = http.postPulse(flooder.token(), pulse(List.of(hundred.getFirst(), oneTooMany)));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(refused.body()).isEqualTo(TOO_MANY);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(86_000L, 86_401L);
    assertThat(exists(oneTooMany)).isFalse();
    assertThat(pulsesOf(flooder.user().id())).isEqualTo(pulsesBefore);

    // languages the server knows keep working, whoever created them
    UserWithMachine other = users.userWithMachine("other");
    String othersLanguage = newNames("OthersLang", 1).getFirst();
    assertThat(http.postPulse(other.token(), pulse(List.of(othersLanguage))).statusCode()).isEqualTo(201);
    var known = http.postPulse(flooder.token(), pulse(List.of(hundred.getLast(), othersLanguage.toUpperCase())));
    assertThat(known.statusCode()).as(known.body()).isEqualTo(201);
    assertThat(pulsesOf(flooder.user().id())).isEqualTo(pulsesBefore + 1);
  }

  @Test
  void racingMachinesOfOneUserTogetherStayWithinTheCap() throws Exception {
    UserWithMachine racer = users.userWithMachine("racer");
    var second = machines.create(racer.user().id(), "desktop");
    assertThat(http.postPulse(racer.token(), pulse(newNames("RaceWarmUp", 60))).statusCode()).isEqualTo(201);
    List<String> tokens = List.of(racer.token(), second.token());

    // 12 pulses of 10 new languages each, at once from two machines: room for 4 of them
    int racers = 12;
    var start = new CountDownLatch(1);
    var created = new AtomicInteger();
    var refused = new AtomicInteger();
    try (var pool = Executors.newFixedThreadPool(racers)) {
      var results = new ArrayList<Future<HttpResponse<String>>>();
      for (int i = 0; i < racers; i++) {
        String token = tokens.get(i % 2);
        String body = pulse(newNames("Race" + i, 10));
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return http.postPulse(token, body);
                }));
      }
      start.countDown();
      for (var result : results) {
        var response = result.get();
        if (response.statusCode() == 201) {
          created.incrementAndGet();
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
          assertThat(response.body()).isEqualTo(TOO_MANY);
          refused.incrementAndGet();
        }
      }
    }
    assertThat(created.get()).isEqualTo(4);
    assertThat(refused.get()).isEqualTo(8);
    assertThat(createdBy(racer.user().id())).isEqualTo(100);
    assertThat(pulsesOf(racer.user().id())).isEqualTo(1 + 4);
  }

  @Test
  void anImportIsNoWayAroundTheCap() throws Exception {
    String name = TestUsers.uniqueName("importer");
    var user = accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    web.login(name, "correct horse battery");

    // 60 new languages pass (positive control), then 41 more are refused whole
    String passing = csv(newNames("ImportLang", 60));
    assertThat(importFile(web, passing)).startsWith("Import finished");
    assertThat(createdBy(user.id())).isEqualTo(60);

    List<String> tooMany = newNames("ImportLang-over", 41);
    String message = importFile(web, csv(tooMany));
    assertThat(message)
        .isEqualTo(
            "The file has 41 languages this server does not know yet; at most 100 new languages can be added in 24 hours (60 so far). Nothing was imported.");
    assertThat(tooMany).noneMatch(this::exists);
    assertThat(createdBy(user.id())).isEqualTo(60);
    assertThat(jdbc.sql("select count(*) from xps where user_id = ?").param(user.id()).query(Long.class).single())
        .isEqualTo(60);
  }

  private static String csv(List<String> languages) {
    var time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC).minusDays(30).truncatedTo(ChronoUnit.SECONDS);
    var lines = new StringBuilder("sent_at;sent_at_local;tz_offset;language;machine;amount\n");
    for (int i = 0; i < languages.size(); i++) {
      LocalDateTime sentAt = at.plusMinutes(i);
      lines.append(time.format(sentAt)).append(';').append(time.format(sentAt.plusHours(2))).append(";120;")
          .append(languages.get(i)).append(";laptop;5\n");
    }
    return lines.toString();
  }

  /** Uploads a CSV file as the preferences page does and returns the import's final message. */
  private String importFile(WebSession web, String csv) throws InterruptedException {
    var upload = web.uploadImport(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      var status = web.send(HttpRequest.newBuilder(web.uri("/my/import/status")).build());
      if (status.statusCode() == 200) {
        var node = json.readTree(status.body());
        if (!node.get("running").asBoolean()) {
          return node.get("message").asString();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the import did not finish");
  }
}
