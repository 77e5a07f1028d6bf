package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.TestUsers.UserWithMachine;
import net.codestats.support.WebSession;
import net.codestats.xp.Aggregates;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Making a language an alias of another moves its XP, every profile's totals stay the same and
 * the aggregates equal a recomputation; undoing it gives back exactly the profiles of before.
 */
@IntegrationTest
class AdminLanguagesTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired Languages languages;
  @Autowired Aggregates aggregates;

  @Test
  void aliasMergeAndUndoKeepTotals() {
    var http = new Http(port);
    var users = new TestUsers(accounts, machines);
    String junk = TestUsers.uniqueName("Javaa");
    String real = TestUsers.uniqueName("Jawa");
    UserWithMachine first = users.userWithMachine("merged");
    UserWithMachine second = users.userWithMachine("merged");
    post(http, first, "[{\"language\":\"" + junk + "\",\"xp\":30},{\"language\":\"" + real + "\",\"xp\":12}]");
    post(http, second, "[{\"language\":\"" + junk + "\",\"xp\":7}]");
    post(http, first, "[{\"language\":\"" + junk + "\",\"xp\":5}]");
    JsonNode firstBefore = profile(http, first);
    JsonNode secondBefore = profile(http, second);

    var admin = AdminTesting.adminSession(accounts, port);
    long junkId = languages.languageNamed(junk).orElseThrow().id();
    var row = admin.page("/admin/languages?q=" + junk).select("#language-" + junkId).first();
    assertThat(row.select("td").eachText()).startsWith(junk, "42", "2");

    var merged =
        admin.submit("/admin/languages?q=" + junk, "#language-" + junkId + " .alias-form", Map.of("target", real));
    assertThat(merged.statusCode()).isEqualTo(302);
    JsonNode firstMerged = profile(http, first);
    assertThat(firstMerged.get("total_xp")).isEqualTo(firstBefore.get("total_xp"));
    assertThat(firstMerged.get("languages").has(junk)).isFalse();
    assertThat(firstMerged.get("languages").get(real).get("xps").longValue()).isEqualTo(47);
    assertThat(profile(http, second).get("total_xp")).isEqualTo(secondBefore.get("total_xp"));
    assertThat(aggregates.drift(first.user().id())).isZero();
    assertThat(aggregates.drift(second.user().id())).isZero();
    var aliases = Jsoup.parse(http.get("/aliases?q=" + junk).body());
    assertThat(aliases.select("#aliases td").eachText()).containsExactly(real, junk);
    var aliasRow = admin.page("/admin/languages?q=" + junk).select("#language-" + junkId + " td").eachText();
    assertThat(aliasRow.get(1)).startsWith("42 sent, counted under " + real);

    var undone = admin.submit("/admin/languages?q=" + junk, "#language-" + junkId + " .unalias-form", Map.of());
    assertThat(undone.statusCode()).isEqualTo(302);
    assertThat(profile(http, first)).isEqualTo(firstBefore);
    assertThat(profile(http, second)).isEqualTo(secondBefore);
    assertThat(aggregates.drift(first.user().id())).isZero();
    assertThat(aggregates.drift(second.user().id())).isZero();

    var log = admin.page("/admin/audit").select("#audit tbody tr").eachText();
    assertThat(log.get(0)).contains("undo alias", junk);
    assertThat(log.get(1)).contains("make alias", junk + " → " + real);
  }

  @Test
  void hiddenLanguagesLeaveTheAliasesPage() {
    var http = new Http(port);
    String junk = TestUsers.uniqueName("asdfgh");
    post(http, new TestUsers(accounts, machines).userWithMachine("junk"), "[{\"language\":\"" + junk + "\",\"xp\":3}]");
    assertThat(Jsoup.parse(http.get("/aliases?q=" + junk).body()).select("#aliases td").eachText()).contains(junk);
    var admin = AdminTesting.adminSession(accounts, port);
    long id = languages.languageNamed(junk).orElseThrow().id();
    admin.submit("/admin/languages?q=" + junk, "#language-" + id + " .hide-form", Map.of());
    assertThat(Jsoup.parse(http.get("/aliases?q=" + junk).body()).select("#aliases")).isEmpty();
    admin.submit("/admin/languages?q=" + junk, "#language-" + id + " .hide-form", Map.of());
    assertThat(Jsoup.parse(http.get("/aliases?q=" + junk).body()).select("#aliases td").eachText()).contains(junk);
  }

  @Test
  void refusedAliasesAre400AndChangeNothing() {
    var admin = AdminTesting.adminSession(accounts, port);
    String a = TestUsers.uniqueName("La");
    String b = TestUsers.uniqueName("Lb");
    String c = TestUsers.uniqueName("Lc");
    long aId = languages.resolve(a).sentId();
    long bId = languages.resolve(b).sentId();
    languages.resolve(c);
    String token = admin.csrfToken("/admin/languages");
    assertRefused(admin, "/admin/languages/" + aId + "/alias", Map.of("_csrf", token, "target", a), "itself");
    assertRefused(admin, "/admin/languages/" + aId + "/alias", Map.of("_csrf", token, "target", "no\u0000such"),
        "No language");
    assertThat(admin.post("/admin/languages/" + aId + "/alias", Map.of("_csrf", token, "target", b)).statusCode())
        .isEqualTo(302);
    // b has an alias now: it cannot become one; and nothing can alias the alias a
    assertRefused(admin, "/admin/languages/" + bId + "/alias", Map.of("_csrf", token, "target", c),
        "aliases of its own");
    long cId = languages.languageNamed(c).orElseThrow().id();
    assertRefused(admin, "/admin/languages/" + cId + "/alias", Map.of("_csrf", token, "target", a), "itself an alias");
    assertRefused(admin, "/admin/languages/" + bId + "/unalias", Map.of("_csrf", token), "no alias");
    assertThat(admin.post("/admin/languages/999999999/hide", Map.of("_csrf", token)).statusCode()).isEqualTo(404);
    assertThat(languages.language(cId).orElseThrow().aliasOf()).isNull();
    assertThat(languages.language(aId).orElseThrow().aliasOf()).isEqualTo(b);
    assertThat(admin.get("/admin/languages?q=%00&page=-3").statusCode()).isEqualTo(200);
  }

  private static void assertRefused(WebSession admin, String path, Map<String, String> fields, String reason) {
    var response = admin.post(path, fields);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(Jsoup.parse(response.body()).select("#admin-refused").text()).contains(reason);
  }

  private static void post(Http http, UserWithMachine sender, String xps) {
    var response = http.postPulse(sender.token(), AdminUsersTest.pulse("x", 1).replaceFirst("\\[.*]", xps));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static JsonNode profile(Http http, UserWithMachine user) {
    var response = http.get("/api/users/" + user.user().username());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
