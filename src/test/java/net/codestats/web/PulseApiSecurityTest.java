package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * The pulse API's own filter chain: only what the endpoint needs, and to its clients the same
 * answers (status, body, every header but the date) as the JSON API's general chain gave.
 */
@IntegrationTest
class PulseApiSecurityTest {

  /** Every header the general API chain writes on an answer of {@code /api/ping}, which it serves. */
  private static final List<String> SECURITY_HEADERS =
      List.of("cache-control", "content-security-policy", "expires", "pragma", "referrer-policy",
          "x-content-type-options", "x-frame-options", "x-xss-protection");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired FilterChainProxy filters;

  @Test
  void thePulsePathsGoThroughAChainOfTheHeaderWriterAlone() {
    for (String path : new String[] {"/api/my/pulses", "/api/my/pulses/"}) {
      var request = new MockHttpServletRequest("POST", path);
      request.setServletPath(path);
      SecurityFilterChain chain =
          filters.getFilterChains().stream().filter(c -> c.matches(request)).findFirst().orElseThrow();
      List<Class<? extends Filter>> kinds = chain.getFilters().stream().map(Filter::getClass).toList();
      assertThat(kinds).as(path).contains(HeaderWriterFilter.class)
          .allSatisfy(kind -> assertThat(kind.getName()).as(path)
              .matches(".*\\.(HeaderWriterFilter|WebAsyncManagerIntegrationFilter)"));
    }
    // control: the rest of the API still has its full chain (anonymous user, security context)
    var ping = new MockHttpServletRequest("GET", "/api/ping");
    ping.setServletPath("/api/ping");
    assertThat(filters.getFilterChains().stream().filter(c -> c.matches(ping)).findFirst().orElseThrow()
        .getFilters()).hasSizeGreaterThan(3);
  }

  @Test
  void answersCarryTheJsonApisSecurityHeadersAndNoCookie() {
    var http = new Http(port);
    var alice = new TestUsers(accounts, machines).userWithMachine("headers");
    Map<String, List<String>> expected = securityHeaders(http.get("/api/ping"));
    assertThat(expected).containsOnlyKeys(SECURITY_HEADERS);
    String codedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    int xp = 1;
    for (String path : new String[] {"/api/my/pulses", "/api/my/pulses/", "/api//my/pulses"}) {
      String pulse = "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Java\",\"xp\":" + xp++ + "}]}";
      HttpResponse<String> created = http.send(post(http, path, alice.token(), pulse));
      assertThat(created.statusCode()).as(path).isEqualTo(201);
      assertThat(created.body()).isEqualTo("{\"ok\":\"Great success!\"}");
      HttpResponse<String> refused = http.send(post(http, path, "not-a-token", pulse));
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("{\"error\":\"You must be authenticated\"}");
      HttpResponse<String> invalid = http.send(post(http, path, alice.token(), "{"));
      assertThat(invalid.statusCode()).as(path).isEqualTo(400);
      for (var response : List.of(created, refused, invalid)) {
        assertThat(securityHeaders(response)).as(path).isEqualTo(expected);
        assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
        assertThat(response.headers().allValues("Set-Cookie")).as(path).isEmpty();
      }
    }
    // a browser's cookies change nothing: no session is read or made
    HttpResponse<String> withCookies = http.send(http.request("/api/my/pulses")
        .header("Content-Type", "application/json").header("X-API-Token", alice.token())
        .header("Cookie", "JSESSIONID=0123456789ABCDEF; XSRF-TOKEN=x")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"coded_at\":\"" + codedAt + "\",\"xps\":[{\"language\":\"Go\",\"xp\":1}]}"))
        .build());
    assertThat(withCookies.statusCode()).isEqualTo(201);
    assertThat(withCookies.headers().allValues("Set-Cookie")).isEmpty();
  }

  private static Map<String, List<String>> securityHeaders(HttpResponse<String> response) {
    var headers = new TreeMap<String, List<String>>();
    response.headers().map().forEach((name, values) -> {
      if (!List.of("date", "content-type", "transfer-encoding", "content-length", "connection", "keep-alive")
          .contains(name.toLowerCase())) {
        headers.put(name.toLowerCase(), values);
      }
    });
    return headers;
  }

  private static HttpRequest post(Http http, String path, String token, String body) {
    return http.request(path).header("Content-Type", "application/json").header("X-API-Token", token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
