package net.codestats.system;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.account.Accounts;
import net.codestats.support.Http;
import net.codestats.support.TestUsers;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The JSON API is stateless: no session, no cookie, for any client; pages make a session only
 * when they show a form (its CSRF token lives there), so visitors and crawlers cost none.
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
    var login = http.get("/login");
    assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID="));
    assertThat(login.body()).containsPattern("name=\"_csrf\" value=\"[^\"]{16,}\"");
  }
}
