package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.account.Accounts;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The JSON API is stateless: no session, no cookie, for any client; pages make a session only
 * at log-in (a form's CSRF token lives in a cookie), so visitors and crawlers cost none.
 */
@IntegrationTest
class ApiSessionTest {

  @LocalServerPort int port;

  @Test
  void jsonAnswersCreateNoSession() {
    var http = new Http(port);
    for (String path : new String[] {"/api/ping", "/api/users/nobody-here"}) {
      assertThat(http.get(path).headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
    assertThat(http.postPulse("not-a-token", "{}").headers().allValues("Set-Cookie")).isEmpty();
    // control: the same client does see the cookie a page with a form sets
    assertThat(http.get("/login").headers().allValues("Set-Cookie")).isNotEmpty();
  }

  @Test
  void pagesWithoutFormsCreateNoSession(@Autowired Accounts accounts) {
    var http = new Http(port);
    var user = accounts.create(TestUsers.uniqueName("Visited"), "correct horse battery", null);
    for (String path : new String[] {"/", "/users/" + user.username(), "/users/nobody-here", "/plugins"}) {
      var response = http.get(path);
      assertThat(response.statusCode()).as(path).isIn(200, 404);
      assertThat(response.headers().allValues("Set-Cookie")).as(path).isEmpty();
    }
    assertThat(http.get("/login").headers().allValues("Set-Cookie")).as("control: a page with a form").isNotEmpty();
  }

  @Test
  void anonymousFormsGetTheirTokenWithoutASession(@Autowired Accounts accounts) {
    var http = new Http(port);
    for (String path : new String[] {"/login", "/signup", "/forgot-password", "/my/machines", "/my/preferences"}) {
      var response = http.send(http.request(path).header("Accept", "text/html").GET().build());
      assertThat(response.statusCode()).as(path).isIn(200, 302);
      assertThat(response.headers().allValues("Set-Cookie")).as(path).noneMatch(c -> c.startsWith("JSESSIONID="));
    }
    var login = http.get("/login");
    assertThat(login.body()).containsPattern("name=\"_csrf\" value=\"[^\"]{16,}\"");
    assertThat(login.headers().allValues("Set-Cookie"))
        .anySatisfy(
            cookie -> assertThat(cookie).startsWith("XSRF-TOKEN=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));

    // the forms still work: a log-in from such a page makes the session
    String name = TestUsers.uniqueName("Sessionless");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    assertThat(web.page("/signup").select("input[name=_csrf]").attr("value")).isNotEmpty();
    assertThat(web.cookie("JSESSIONID")).isEmpty();
    var loggedIn = web.login(name, "correct horse battery");
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    assertThat(web.cookie("JSESSIONID")).isPresent();
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);
  }
}
