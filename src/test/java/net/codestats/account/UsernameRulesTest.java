package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.codestats.machine.MachineException;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Look-alike, invisible and dot-only names are refused; emoji and non-Latin names are not. */
@IntegrationTest
class UsernameRulesTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired UsernameSkeletons skeletons;
  @Autowired JdbcClient jdbc;

  @Test
  void invisibleFormatAndControlCharactersAndDotOnlyNamesAreRefused() {
    String base = TestUsers.uniqueName("visible");
    for (String name : List.of(
        "a\u200Bb" + base, // zero-width space
        "a\u200Db" + base, // zero-width joiner between letters
        "a\u00ADb" + base, // soft hyphen
        "a\u202Eb" + base, // right-to-left override
        "a\u200Fb" + base, // right-to-left mark
        "\uFEFF" + base, // byte order mark
        "\u00A0" + base, // leading no-break space
        base + "\u00A0", // trailing no-break space
        base + "\u3000", // trailing ideographic space
        "\u3164" + base, // Hangul filler
        "a\u0007b" + base,
        "a\uE000b" + base, // private use
        ".",
        "..",
        "．．")) { // fullwidth dots are dots
      assertThatThrownBy(() -> accounts.create(name, PASSWORD, null)).as(name).isInstanceOf(AccountException.class);
    }
    assertThat(accounts.findByUsername(base)).isEmpty();
    // positive control: the same name without them is fine
    assertThat(accounts.create(base, PASSWORD, null).username()).isEqualTo(base);
  }

  @Test
  void emojiNonLatinNamesAndInnerDotsStayPossible() {
    String suffix = TestUsers.uniqueName("");
    for (String name : List.of("😂" + suffix, "👨‍👩‍👧" + suffix, "❤️" + suffix, "🏳️‍🌈" + suffix, "Дмитрий" + suffix,
        "日本語" + suffix, "Ελένη" + suffix,
        "a.b" + suffix, "ana maria" + suffix)) {
      assertThat(accounts.create(name, PASSWORD, null).username()).isEqualTo(name);
      assertThat(new WebSession(port).login(name, PASSWORD).headers().firstValue("Location").orElseThrow()).as(name)
          .endsWith("/my/profile");
    }
  }

  @Test
  void namesAreStoredInNfkcFormAndLogInInAnyForm() {
    String name = TestUsers.uniqueName("full");
    String fullwidth = toFullwidth(name);
    var user = accounts.create(fullwidth, PASSWORD, null);
    assertThat(user.username()).isEqualTo(name);
    assertThat(new WebSession(port).login(fullwidth, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
    assertThatThrownBy(() -> accounts.create(name.toUpperCase(), PASSWORD, null)).hasMessageContaining("already taken");
  }

  @Test
  void aNameThatLooksLikeAnExistingOneIsRefused() {
    String name = TestUsers.uniqueName("paypal");
    accounts.create(name, PASSWORD, null);
    for (String lookAlike : List.of(
        name.replaceFirst("a", "\u0430"), // Cyrillic а
        name.replaceFirst("p", "\u0440"), // Cyrillic р
        name.replaceFirst("l", "I"), // capital I for l
        name.replaceFirst("l", "1"))) {
      assertThatThrownBy(() -> accounts.create(lookAlike, PASSWORD, null))
          .as(lookAlike)
          .hasMessageContaining("looks too much like an existing one");
    }
    assertThat(accounts.signupProblems(name.replaceFirst("a", "\u0430"), PASSWORD, "")).containsKey("username");
    // positive control: a name that differs visibly
    assertThat(accounts.create(name + "x", PASSWORD, null).username()).isEqualTo(name + "x");
  }

  @Test
  void lookAlikesCreatedAtOnceAreRefusedByTheIndex() throws Exception {
    try (var pool = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 5; round++) {
        String name = TestUsers.uniqueName("race");
        var start = new CountDownLatch(1);
        List<Callable<Boolean>> creations = new ArrayList<>();
        for (String spelling : List.of(name, name.replaceFirst("a", "\u0430"))) {
          creations.add(
              () -> {
                start.await();
                try {
                  accounts.create(spelling, PASSWORD, null);
                  return true;
                } catch (AccountException e) {
                  return false;
                }
              });
        }
        List<Future<Boolean>> results = new ArrayList<>();
        creations.forEach(c -> results.add(pool.submit(c)));
        start.countDown();
        int created = 0;
        for (var result : results) {
          created += result.get() ? 1 : 0;
        }
        assertThat(created).as(name).isEqualTo(1);
      }
    }
  }

  @Test
  void existingNamesKeepWorkingAndGetTheirSkeletonAtStartUp() {
    // accounts from before these rules: an invisible character, and a look-alike of an older name
    String older = TestUsers.uniqueName("legacy");
    String invisible = "in\u200Bvisible-" + older;
    String lookAlike = older.replaceFirst("e", "\u0435"); // Cyrillic е
    accounts.create(older, PASSWORD, null);
    jdbc.sql("update users set username_skeleton = null where lower(username) = lower(?)").param(older).update();
    for (String name : List.of(invisible, lookAlike)) {
      long id = accounts.create(TestUsers.uniqueName("placeholder"), PASSWORD, null).id();
      jdbc.sql("update users set username = ?, username_skeleton = null where id = ?").params(name, id).update();
    }

    skeletons.afterSingletonsInstantiated();

    assertThat(skeletonOf(older)).isEqualTo(Usernames.skeleton(older));
    assertThat(skeletonOf(invisible)).isNotNull();
    assertThat(skeletonOf(lookAlike)).as("looks like the older name").isNull();
    for (String name : List.of(invisible, lookAlike)) {
      assertThat(new WebSession(port).login(name, PASSWORD).headers().firstValue("Location").orElseThrow()).as(name)
          .endsWith("/my/profile");
      var api = new WebSession(port);
      assertThat(
          api.send(HttpRequest.newBuilder(api.uri("/api/users/" + UsernamePaths.toSegment(name))).build()).statusCode())
          .as(name)
          .isEqualTo(200);
    }
    // and a new look-alike of either is refused
    assertThatThrownBy(() -> accounts.create(older.replaceFirst("a", "\u0430"), PASSWORD, null))
        .isInstanceOf(AccountException.class);
  }

  @Test
  void machineNamesFollowTheSameVisibilityRules() {
    var user = accounts.create(TestUsers.uniqueName("machines"), PASSWORD, null);
    for (String name : List.of("lap\u200Btop", "lap\u202Etop", "\u00ADlaptop", "\u3164")) {
      assertThatThrownBy(() -> machines.create(user.id(), name)).as(name).isInstanceOf(MachineException.class);
    }
    assertThat(machines.create(user.id(), "ｌａｐｔｏｐ").machine().name()).isEqualTo("laptop");
    assertThat(machines.create(user.id(), "\u00A0💻 work\u00A0").machine().name()).isEqualTo("💻 work");
    assertThat(machines.list(user.id())).hasSize(2);
  }

  private String skeletonOf(String name) {
    return jdbc.sql("select username_skeleton from users where username = ?").param(name).query(String.class).optional()
        .orElse(null);
  }

  private static String toFullwidth(String ascii) {
    var out = new StringBuilder();
    ascii.chars().forEach(c -> out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : (char) c));
    return out.toString();
  }
}
