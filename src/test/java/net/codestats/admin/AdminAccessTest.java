package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.AccountAdministration;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin route, as the controllers declare it (so a new one cannot be forgotten), refuses
 * visitors and non-admins with 403, for GET and POST, with and without a valid CSRF token, and
 * changes nothing; an admin gets every page.
 */
@IntegrationTest
class AdminAccessTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired AccountAdministration administration;
  @Autowired AdminAudit audit;

  @Autowired
  @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  record Route(RequestMethod method, String pattern) {}

  private User victim;
  private long languageId;

  @BeforeEach
  void setUp() {
    victim = new TestUsers(accounts, machines).user("victim");
    languageId = languages.resolve(TestUsers.uniqueName("lang")).sentId();
  }

  /** The admin routes the controllers declare. */
  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    mappings.getHandlerMethods().forEach((info, handler) -> {
      for (String pattern : info.getPatternValues()) {
        if (pattern.equals("/admin") || pattern.startsWith("/admin/")) {
          var methods = info.getMethodsCondition().getMethods();
          assertThat(methods).as("%s declares its HTTP method", pattern).isNotEmpty();
          methods.forEach(method -> routes.add(new Route(method, pattern)));
        }
      }
    });
    return routes;
  }

  String path(Route route) {
    String id =
        route.pattern().startsWith("/admin/languages/") ? Long.toString(languageId) : Long.toString(victim.id());
    return route.pattern().replaceAll("\\{[^}]+}", id);
  }

  /** Fields that would make the action go through, were the role not missing. */
  Map<String, String> fields(User self) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("username", self == null ? victim.username() : self.username());
    fields.put("confirmation", victim.username());
    fields.put("target", "Java");
    fields.put("subject", "Hello");
    fields.put("body", "Hello *all*");
    return fields;
  }

  @Test
  void theRouteListIsTheControllers() {
    var patterns = routes().stream().map(r -> r.method() + " " + r.pattern()).toList();
    assertThat(patterns)
        .contains(
            "GET /admin",
            "GET /admin/users",
            "GET /admin/users/{id}",
            "POST /admin/users/{id}/disable",
            "POST /admin/users/{id}/delete",
            "GET /admin/languages",
            "POST /admin/languages/{id}/alias",
            "POST /admin/mail/send",
            "POST /admin/admins",
            "GET /admin/audit");
    assertThat(patterns).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void visitorsGet403OnEveryRouteWithAndWithoutCsrfToken() {
    long auditBefore = audit.count();
    var visitor = new WebSession(port);
    String token = visitor.csrfToken("/login");
    for (Route route : routes()) {
      assertForbidden(visitor, route, null, fields(null));
      assertForbidden(visitor, route, token, fields(null));
    }
    assertNothingChanged(auditBefore);
  }

  @Test
  void nonAdminsGet403OnEveryRouteWithAndWithoutCsrfToken() {
    long auditBefore = audit.count();
    User user = new TestUsers(accounts, machines).user("nonadmin");
    var web = AdminTesting.loggedIn(port, user.username());
    String token = web.csrfToken("/my/preferences");
    for (Route route : routes()) {
      assertForbidden(web, route, null, fields(user));
      assertForbidden(web, route, token, fields(user));
    }
    assertNothingChanged(auditBefore);
    // and the role was not granted by the attempt
    assertThat(web.get("/admin").statusCode()).isEqualTo(403);
    assertThat(web.page("/my/preferences").select("a[href=/admin]")).isEmpty();
  }

  @Test
  void anAdminGetsEveryPage() {
    var admin = AdminTesting.adminSession(accounts, port);
    for (Route route : routes()) {
      if (route.method() == RequestMethod.GET) {
        var response = admin.get(path(route));
        assertThat(response.statusCode()).as("GET %s", path(route)).isEqualTo(200);
      }
    }
    assertThat(admin.page("/my/preferences").select("a[href=/admin]")).hasSize(1);
  }

  private void assertForbidden(WebSession web, Route route, String csrfToken, Map<String, String> fields) {
    String path = path(route);
    HttpResponse<String> response;
    if (route.method() == RequestMethod.GET) {
      if (csrfToken != null) {
        return; // a GET takes no token
      }
      response = web.get(path);
    } else {
      var body = new LinkedHashMap<>(fields);
      if (csrfToken != null) {
        body.put("_csrf", csrfToken);
      }
      response =
          web.send(
              HttpRequest.newBuilder(web.uri(path))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Accept", "text/html")
                  .POST(HttpRequest.BodyPublishers.ofString(WebSession.form(body)))
                  .build());
    }
    assertThat(response.statusCode())
        .as("%s %s (%s CSRF token)", route.method(), path, csrfToken == null ? "without" : "with")
        .isEqualTo(403);
    assertThat(response.headers().firstValue("Location")).as("no log-in redirect").isEmpty();
  }

  private void assertNothingChanged(long auditBefore) {
    assertThat(administration.find(victim.id())).hasValueSatisfying(a -> assertThat(a.disabled()).isFalse());
    assertThat(languages.language(languageId)).hasValueSatisfying(l -> {
      assertThat(l.aliasOf()).isNull();
      assertThat(l.hidden()).isFalse();
    });
    assertThat(audit.count()).isEqualTo(auditBefore);
  }
}
