package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every form, fed generated garbage: a 4xx or the form again (a redirect), never a 5xx. */
@IntegrationTest
class FormFuzzTest {

  private static final String[] PIECES = {
    "\u0000", "\r\n", "\t", "'", "\"", "<script>", "%", "%00", "&", "=", "+", "/", "#", "?", ";", "\\",
    "é", "€", "😀", "\uFEFF", "\u202E", "delete", " ", "a", "Z", "0", "-1", "99999999999999999999", "null", "{}", "[]"
  };

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  private static String garbage(Random random) {
    if (random.nextInt(20) == 0) {
      return "x".repeat(random.nextInt(50_000));
    }
    var text = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  @Test
  void garbageInEveryFormNeverCausesAServerError() {
    String name = TestUsers.uniqueName("fuzz");
    var user = accounts.create(name, "correct horse battery", null);
    long machine = machines.create(user.id(), "fuzzed").machine().id();
    var web = new WebSession(port);
    web.login(name, "correct horse battery");
    String csrf = web.csrfToken("/my/preferences");

    Map<String, List<String>> forms = new LinkedHashMap<>();
    forms.put("/signup", List.of("username", "password", "email", "old_enough", "terms_read"));
    forms.put("/forgot-password", List.of("username"));
    forms.put("/reset-password/abc", List.of("password"));
    forms.put("/my/preferences", List.of("email", "private_profile", "gravatar_email"));
    forms.put("/my/preferences/password", List.of("old_password", "new_password"));
    forms.put("/my/preferences/delete", List.of("delete_confirmation"));
    forms.put("/my/consent", List.of("accept", "version"));
    forms.put("/my/machines", List.of("name"));
    forms.put("/my/machines/" + machine, List.of("name"));

    var random = new Random(20261128);
    int requests = 0;
    Map<String, Set<Integer>> answers = new LinkedHashMap<>();
    for (int round = 0; round < 40; round++) {
      for (var form : forms.entrySet()) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", csrf);
        for (String field : form.getValue()) {
          if (random.nextInt(5) != 0) {
            fields.put(random.nextInt(10) == 0 ? garbage(random) : field, garbage(random));
          }
        }
        var response = web.post(form.getKey(), fields);
        requests++;
        answers.computeIfAbsent(form.getKey(), k -> new TreeSet<>()).add(response.statusCode());
        assertThat(response.statusCode())
            .as("POST %s %s", form.getKey(), fields.keySet())
            .isBetween(200, 499);
      }
    }
    assertThat(requests).isEqualTo(40 * forms.size());
    // control: the garbage got past the CSRF check into every form's handler, not all refused at the door
    assertThat(answers).as("statuses per form")
        .allSatisfy((form, statuses) -> assertThat(statuses).as(form).anyMatch(status -> status != 403));
    assertThat(accounts.findByUsername(name)).isPresent();
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);
  }

  /** Spring Security's token handler threw (a 500) when a tampered token did not unmask to UTF-8. */
  @Test
  void aTamperedCsrfTokenIsForbiddenNotAServerError() {
    var web = new WebSession(port);
    String csrf = web.csrfToken("/signup");
    for (String tampered : List.of(csrf.substring(0, csrf.length() - 4) + "AAAA", "A".repeat(csrf.length()), "%%", "x",
        "\u0000")) {
      for (String form : List.of("/signup", "/login", "/forgot-password", "/reset-password/abc")) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("_csrf", tampered);
        fields.put("username", TestUsers.uniqueName("csrf"));
        fields.put("password", "correct horse battery");
        var response = web.post(form, fields);
        assertThat(response.statusCode()).as(form + " with " + tampered).isEqualTo(403);
      }
    }
  }
}
