package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Common passwords and the username itself are refused wherever a password is set. */
@IntegrationTest
class PasswordRulesTest {

  static final String PASSWORD = "correct horse battery";
  static final List<String> COMMON = List.of("password", "12345678", "PassWord1", "qwertyuiop", "iloveyou", "11111111");

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void theShippedListHoldsAtLeastTheTenThousandMostCommonPasswords() {
    assertThat(CommonPasswords.size()).isGreaterThanOrEqualTo(10_000);
    assertThat(CommonPasswords.contains("password")).isTrue();
    assertThat(CommonPasswords.contains(PASSWORD)).isFalse();
  }

  @Test
  void signupRefusesCommonPasswordsAndTheUsernameAndSaysWhy() {
    var web = new WebSession(port);
    for (String common : COMMON) {
      String name = TestUsers.uniqueName("common");
      var response = web.submit("/signup", "#signup-form", fields(name, common));
      assertThat(response.statusCode()).as(common).isEqualTo(400);
      assertThat(Jsoup.parse(response.body()).select("#password-error").text()).as(common).contains("most common");
      assertThat(accounts.findByUsername(name)).isEmpty();
    }
    String name = TestUsers.uniqueName("SameAsName");
    var same = web.submit("/signup", "#signup-form", fields(name, name.toLowerCase()));
    assertThat(same.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(same.body()).select("#password-error").text())
        .isEqualTo("Password must not be your username.");
    // positive control
    assertThat(web.submit("/signup", "#signup-form", fields(name, PASSWORD)).statusCode()).isEqualTo(302);
  }

  @Test
  void passwordChangeAndResetRefuseThemToo() {
    String name = TestUsers.uniqueName("Changer");
    var user = accounts.create(name, PASSWORD, null);
    for (String refused : List.of("password", "12345678", name.toUpperCase())) {
      assertThatThrownBy(() -> accounts.changePassword(user.id(), PASSWORD, refused)).as(refused)
          .isInstanceOf(AccountException.class);
      // what a reset sets the password with
      assertThatThrownBy(() -> accounts.setPassword(user.id(), refused)).as(refused)
          .isInstanceOf(AccountException.class);
      assertThatThrownBy(() -> Accounts.validatePassword(refused, name)).as(refused)
          .isInstanceOf(AccountException.class);
    }
    assertThat(new WebSession(port).login(name, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
    accounts.changePassword(user.id(), PASSWORD, "a less common phrase");
    assertThat(new WebSession(port).login(name, "a less common phrase").headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
  }

  private static Map<String, String> fields(String name, String password) {
    return Map.of("username", name, "password", password, "email", "", "old_enough", "on", "terms_read", "on");
  }
}
