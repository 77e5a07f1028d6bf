package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Log-ins shared by several nodes (the suite runs with {@code codestats.cluster=true}): the
 * sessions in PostgreSQL, seen by a second session repository over the same database playing
 * another node, and remembered log-ins stored as digests only.
 */
@IntegrationTest
class SharedSessionsTest {

  static final String PASSWORD = "correct horse battery";
  static final String CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired SiteUsers users;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired SessionRegistry registry;

  /** Another node's session repository: same database, nothing shared in this JVM. */
  private JdbcIndexedSessionRepository anotherNode() {
    return new JdbcIndexedSessionRepository(
        new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  private String newUser(String prefix) {
    String name = TestUsers.uniqueName(prefix);
    accounts.create(name, PASSWORD, null);
    return name;
  }

  @Test
  void aLogInIsARowThatAnotherNodeFindsUntilLogOut() {
    String name = newUser("shared");
    var web = new WebSession(port);
    web.login(name, PASSWORD);
    String id = web.sessionId();
    assertThat(jdbc.sql("select principal_name from spring_session where session_id = ?").param(id)
        .query(String.class).optional()).contains(name);
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);

    var node = anotherNode();
    Session seen = node.findById(id);
    assertThat(seen).as("the other node reads the session from the table").isNotNull();
    SecurityContext context = seen.getAttribute(CONTEXT);
    assertThat(context.getAuthentication().getName()).isEqualTo(name);
    assertThat(node.findByPrincipalName(name)).containsOnlyKeys(id);

    web.submit("/my/preferences", "form[action=/logout]", Map.of());
    assertThat(node.findById(id)).as("log-out deletes the row").isNull();
    assertThat(jdbc.sql("select count(*) from spring_session where session_id = ?").param(id).query(Long.class)
        .single()).isZero();
    assertThat(withCookie(new WebSession(port), "JSESSIONID=" + id).statusCode()).isEqualTo(302);
  }

  @Test
  void aSessionSavedByAnotherNodeIsSignedInHere() {
    String name = newUser("elsewhere");
    var user = users.loadUserByUsername(name);
    String id = saveSignedIn(anotherNode(), new SecurityContextImpl(
        UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())));

    var web = new WebSession(port);
    assertThat(withCookie(web, "JSESSIONID=" + id).statusCode()).isEqualTo(200);
    // positive control: an unknown session id is not
    assertThat(withCookie(web, "JSESSIONID=" + UUID.randomUUID()).statusCode()).isEqualTo(302);
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionFoundInTheTable() {
    assertThat(registry).isInstanceOf(SpringSessionBackedSessionRegistry.class);
    String name = newUser("changer");
    var here = new WebSession(port);
    here.login(name, PASSWORD);
    var other = new WebSession(port);
    other.login(name, PASSWORD);
    assertThat(other.get("/my/preferences").statusCode()).as("positive control").isEqualTo(200);
    var principal = new SignedInUser(0, name, "");
    assertThat(registry.getAllSessions(principal, false)).hasSize(2);

    here.submit("/my/preferences", "#password-form",
        Map.of("old_password", PASSWORD, "new_password", "a new password"));

    assertThat(registry.getAllSessions(principal, false)).singleElement()
        .satisfies(kept -> assertThat(kept.getSessionId()).isEqualTo(here.sessionId()));
    assertThat(other.get("/my/preferences").statusCode()).isEqualTo(302);
    assertThat(here.get("/my/preferences").statusCode()).isEqualTo(200);
  }

  @Test
  void theTableHoldsOnlyADigestOfEachRememberedToken() {
    String name = newUser("digest");
    var web = new WebSession(port);
    web.submit("/login", "#login-form", Map.of("username", name, "password", PASSWORD, "remember-me", "on"));
    String first = web.cookie("remember-me").orElseThrow().getValue();
    String[] cookie = decode(first);
    assertThat(storedToken(cookie[0])).isNotEqualTo(cookie[1]).isEqualTo(DigestedRememberedLogins.digest(cookie[1]));
    assertThat(jdbc.sql("select count(*) from persistent_logins where token = ?").param(cookie[1]).query(Long.class)
        .single()).isZero();

    // the cookie logs in, and the token rotates: the table follows with the new digest
    web.forgetCookie("JSESSIONID");
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);
    String[] rotated = decode(web.cookie("remember-me").orElseThrow().getValue());
    assertThat(rotated[0]).isEqualTo(cookie[0]);
    assertThat(rotated[1]).isNotEqualTo(cookie[1]);
    assertThat(storedToken(cookie[0])).isEqualTo(DigestedRememberedLogins.digest(rotated[1]));

    // the old cookie again: theft, every remembered log-in of the user is gone
    var replayed = withCookie(new WebSession(port), "remember-me=" + first);
    assertThat(replayed.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(jdbc.sql("select count(*) from persistent_logins where username = ?").param(name).query(Long.class)
        .single()).isZero();
  }

  @Test
  void aRowStoredInClearBeforeTheMigrationStillLogsIn() {
    String name = newUser("migrated");
    String series = "c2VyaWVzLW1pZ3JhdGVk" + name.hashCode();
    String token = "dG9rZW4tc3RvcmVkLWluLWNsZWFy";
    jdbc.sql("insert into persistent_logins (username, series, token, last_used) values (?, ?, ?, now())")
        .params(name, series, token).update();
    // the conversion of V66, on this row alone
    jdbc.sql("update persistent_logins set token = encode(sha256(convert_to(token, 'UTF8')), 'hex') where series = ?")
        .param(series).update();
    assertThat(storedToken(series)).isEqualTo(DigestedRememberedLogins.digest(token));

    String cookie = Base64.getEncoder().encodeToString((series + ":" + token).getBytes(StandardCharsets.UTF_8));
    assertThat(withCookie(new WebSession(port), "remember-me=" + cookie).statusCode()).isEqualTo(200);
  }

  private static <S extends Session> String saveSignedIn(SessionRepository<S> node, SecurityContext context) {
    S session = node.createSession();
    session.setAttribute(CONTEXT, context);
    node.save(session);
    return session.getId();
  }

  private String storedToken(String series) {
    return jdbc.sql("select token from persistent_logins where series = ?").param(series).query(String.class).single();
  }

  /** Series and token of a remember-me cookie (Base64 of "series:token", each URL-encoded, padding dropped). */
  private static String[] decode(String cookie) {
    String padded = cookie + "=".repeat((4 - cookie.length() % 4) % 4);
    return Arrays.stream(new String(Base64.getDecoder().decode(padded), StandardCharsets.UTF_8).split(":"))
        .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8))
        .toArray(String[]::new);
  }

  private static HttpResponse<String> withCookie(WebSession web, String cookie) {
    return web.send(HttpRequest.newBuilder(web.uri("/my/preferences")).header("Cookie", cookie).build());
  }
}
