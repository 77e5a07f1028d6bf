package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.OriginalProfileQuery;
import net.codestats.support.SignedInGraphQl;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers kept per profile snapshot ({@link ProfileGraphResults}): the same bytes as a fresh
 * execution, gone with the next pulse or a change of who may see the profile, one entry per
 * document and variables, and a bounded cache. The test profile bounds it to 256 KB.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileGraphResultsTest {

  static final JsonMapper JSON = JsonMapper.shared();
  static final DateTimeFormatter CODED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired WebApplicationContext context;
  @Autowired ProfileGraphResults results;

  Http http;
  TestUsers users;
  TestUsers.UserWithMachine a;
  Instant h0;

  @BeforeAll
  void pulses() {
    http = new Http(port);
    users = new TestUsers(accounts, machines);
    h0 = Instant.now().minus(12, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    a = users.userWithMachine("resultsA");
    pulse(a.token(), h0.plus(20, ChronoUnit.MINUTES), "Java", 100, "Python", 10);
    pulse(a.token(), h0.plus(40, ChronoUnit.MINUTES), "Java", 7);
    pulse(a.token(), h0.minus(30, ChronoUnit.HOURS), "Rust", 5);
  }

  private void pulse(String token, Instant at, Object... languageXp) {
    StringBuilder xps = new StringBuilder();
    for (int i = 0; i < languageXp.length; i += 2) {
      xps.append(i == 0 ? "" : ",")
          .append("{\"language\":\"").append(languageXp[i]).append("\",\"xp\":").append(languageXp[i + 1]).append('}');
    }
    String codedAt = CODED_AT.format(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    assertThat(http.postPulse(token, "{\"coded_at\":\"" + codedAt + "\",\"xps\":[" + xps + "]}").statusCode())
        .isEqualTo(201);
  }

  /** The original profile page's query, as the benchmark sends it. */
  private static String pageQuery(String username, Instant recent) {
    return OriginalProfileQuery.of(username, recent, LocalDate.now(ZoneOffset.UTC).minusDays(13));
  }

  private HttpResponse<String> raw(String document, String accept) {
    var request = http.request("/profile-graph").header("Content-Type", "text/plain");
    if (accept != null) {
      request.header("Accept", accept);
    }
    var response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(document)).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private HttpResponse<String> withVariables(String document, Map<String, Object> variables) {
    var response = http.send(http.request("/profile-graph")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(Map.of("query", document, "variables", variables))))
        .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  /** Entries whose document names this user. */
  private long kept(User user) {
    return results.entries().keySet().stream().filter(key -> key.document().contains(user.username())).count();
  }

  @Test
  void aKeptAnswerHasTheBytesAndHeadersOfTheFreshOne() {
    String page = pageQuery(a.user().username(), h0.plus(30, ChronoUnit.MINUTES));
    for (String accept : List.of("application/json", "application/graphql-response+json")) {
      String document = page + " ".repeat(accept.length()); // an entry of its own
      var fresh = raw(document, accept);
      long before = kept(a.user());
      var kept = raw(document, accept);
      assertThat(kept(a.user())).as("served from memory, nothing new kept").isEqualTo(before);
      assertThat(kept.body()).isEqualTo(fresh.body());
      assertThat(kept.headers().firstValue("Content-Type")).isEqualTo(fresh.headers().firstValue("Content-Type"));
      assertThat(kept.headers().firstValue("Content-Length")).isEqualTo(fresh.headers().firstValue("Content-Length"));
      assertThat(fresh.body()).contains("\"recent_langs\":[{\"name\":\"Java\",\"xp\":7}]");
      assertThat(fresh.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith(accept));
    }
  }

  @Test
  void aPulseChangesTheAnswerAtOnce() {
    var user = users.userWithMachine("resultsPulse");
    pulse(user.token(), Instant.now().minus(2, ChronoUnit.HOURS), "Go", 3);
    String document = "{ profile(username: \"" + user.user().username() + "\") { totalXp languages { name xp } } }";
    String first = raw(document, null).body();
    assertThat(raw(document, null).body()).isEqualTo(first);
    assertThat(kept(user.user())).isEqualTo(1);
    pulse(user.token(), Instant.now().minus(1, ChronoUnit.HOURS), "Go", 4);
    assertThat(raw(document, null).body())
        .isEqualTo("{\"data\":{\"profile\":{\"totalXp\":7,\"languages\":[{\"name\":\"Go\",\"xp\":7}]}}}");
  }

  @Test
  void aPrivateProfileKeptForItsOwnerIsNobodyElsesAndPrivacyCountsAtOnce() throws Exception {
    var owner = users.userWithMachine("resultsOwner");
    pulse(owner.token(), Instant.now().minus(1, ChronoUnit.HOURS), "Go", 42);
    String document = "{ profile(username: \"" + owner.user().username() + "\") { totalXp } }";
    // kept while public, for a visitor
    assertThat(raw(document, null).body()).isEqualTo("{\"data\":{\"profile\":{\"totalXp\":42}}}");
    accounts.setPrivateProfile(owner.user().id(), true);
    assertThat(raw(document, null).body()).contains(ProfileGraphController.NO_ACCESS);

    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    String body = JSON.writeValueAsString(Map.of("query", document));
    for (int i = 0; i < 2; i++) { // the second from memory
      assertThat(SignedInGraphQl.post(mvc, body, owner.user().username()))
          .isEqualTo("{\"data\":{\"profile\":{\"totalXp\":42}}}");
    }
    assertThat(SignedInGraphQl.post(mvc, body, a.user().username())).contains(ProfileGraphController.NO_ACCESS);
    assertThat(raw(document, null).body()).contains(ProfileGraphController.NO_ACCESS);
  }

  @Test
  void readersMissingTogetherWaitForOneExecution() throws Exception {
    var user = users.userWithMachine("resultsTogether");
    pulse(user.token(), Instant.now().minus(2, ChronoUnit.HOURS), "Go", 3);
    String document = "{ profile(username: \"" + user.user().username() + "\") { totalXp languages { name xp } } }";
    var executions = new AtomicInteger();
    var release = new CountDownLatch(1);
    results.beforeExecuting = () -> {
      executions.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var first = pool.submit(() -> raw(document, null).body());
      await(() -> results.computing() == 1);
      var others = new ArrayList<Future<String>>();
      for (int i = 0; i < 5; i++) {
        others.add(pool.submit(() -> raw(document, null).body()));
      }
      Thread.sleep(300); // the others are waiting, not executing
      assertThat(executions).hasValue(1);
      release.countDown();
      String answer = first.get(10, TimeUnit.SECONDS);
      assertThat(answer).contains("\"totalXp\":3");
      for (var other : others) {
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(answer);
      }
      assertThat(executions).as("one execution for six readers").hasValue(1);
      assertThat(results.computing()).isZero();

      // positive control: after the next pulse the answer is made again, once
      pulse(user.token(), Instant.now().minus(1, ChronoUnit.HOURS), "Go", 4);
      assertThat(raw(document, null).body()).contains("\"totalXp\":7");
      assertThat(executions).hasValue(2);
    } finally {
      results.beforeExecuting = () -> {};
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void differentVariablesAreDifferentEntries() {
    var b = users.userWithMachine("resultsVarB");
    pulse(b.token(), Instant.now().minus(3, ChronoUnit.HOURS), "Zig", 9);
    String document = "query($u: String) { profile(username: $u) { totalXp } }";
    String forA = withVariables(document, Map.of("u", a.user().username())).body();
    String forB = withVariables(document, Map.of("u", b.user().username())).body();
    assertThat(forB).isEqualTo("{\"data\":{\"profile\":{\"totalXp\":9}}}");
    assertThat(forA).isNotEqualTo(forB);
    long entries = results.entries().keySet().stream().filter(key -> key.document().equals(document)).count();
    assertThat(entries).isEqualTo(2);
    assertThat(withVariables(document, Map.of("u", b.user().username())).body()).isEqualTo(forB);
    assertThat(withVariables(document, Map.of("u", a.user().username())).body()).isEqualTo(forA);
  }

  /**
   * Pulses of resultsA at h0+20 and h0+40: every "since" in (h0+20, h0+40] has one answer, and
   * a later document with another instant there is served from the entry of the first.
   */
  @Test
  void sinceInstantsWithoutPulsesBetweenThemShareAnEntry() {
    var user = users.userWithMachine("resultsSince");
    pulse(user.token(), h0.plus(20, ChronoUnit.MINUTES), "Java", 100);
    pulse(user.token(), h0.plus(40, ChronoUnit.MINUTES), "Java", 7, "Elixir", 1);
    String template =
        "{ profile(username: \"" + user.user().username() + "\") { languages(since: \"%s\") { name xp } } }";
    String first = raw(template.formatted(h0.plus(25, ChronoUnit.MINUTES)), null).body();
    long entries = kept(user.user());
    assertThat(entries).as("the document and its normalised form").isEqualTo(2);
    String second = raw(template.formatted(h0.plus(31, ChronoUnit.MINUTES).plusMillis(123)), null).body();
    assertThat(second).isEqualTo(first).isEqualTo(
        "{\"data\":{\"profile\":{\"languages\":[{\"name\":\"Java\",\"xp\":7},{\"name\":\"Elixir\",\"xp\":1}]}}}");
    assertThat(kept(user.user())).as("served from the normalised entry").isEqualTo(entries);
    // across a pulse: another answer, another entry
    String before = raw(template.formatted(h0.plus(10, ChronoUnit.MINUTES)), null).body();
    assertThat(before).contains("\"xp\":107");
    assertThat(kept(user.user())).isGreaterThan(entries);
    // after the last pulse of the hour: the next whole hour's answer
    String after = raw(template.formatted(h0.plus(50, ChronoUnit.MINUTES)), null).body();
    assertThat(after).isEqualTo("{\"data\":{\"profile\":{\"languages\":[]}}}");
  }

  @Test
  void theCacheIsBoundedByBytes() {
    for (int i = 0; i < 100; i++) {
      raw("{ profile(username: \"" + a.user().username() + "\") { d" + i + ": dayOfYearXps } }", null);
    }
    Map<ProfileGraphResults.Key, ProfileGraphResults.Entry> entries = results.entries();
    long weight = entries.entrySet().stream()
        .mapToLong(e -> e.getValue().bytes() + 2L * e.getKey().document().length())
        .sum();
    assertThat(weight).isLessThanOrEqualTo(256 * 1024);
    assertThat(entries.keySet().stream().filter(key -> key.document().contains("dayOfYearXps")).count())
        .isPositive()
        .isLessThan(100);
  }
}
