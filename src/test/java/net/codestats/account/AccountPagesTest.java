package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.codestats.legal.LegalTerms;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

@IntegrationTest
class AccountPagesTest {

  static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  WebSession web;

  @BeforeEach
  void newSession() {
    web = new WebSession(port);
  }

  private Map<String, String> signupFields(String username) {
    return Map.of(
        "username", username, "password", PASSWORD, "email", "", "old_enough", "on", "terms_read", "on");
  }

  @Test
  void signsUpIsLoggedInAtOnceWithANewSessionAndLogsInLaterWithAnyCaseOfTheName() {
    String name = TestUsers.uniqueName("Signup");
    var form = web.page("/signup");
    assertThat(web.cookie("JSESSIONID")).as("a visitor's form needs no session").isEmpty();
    var terms = form.selectFirst("#signup-form a[href=/tos]");
    assertThat(terms.attr("target")).isEqualTo("_blank");
    assertThat(terms.attr("rel")).contains("noopener");

    var signup = web.submit("/signup", "#signup-form", signupFields(name));
    assertThat(signup.statusCode()).isEqualTo(302);
    assertThat(signup.headers().firstValue("Location").orElseThrow()).endsWith("/my/machines");
    assertThat(web.cookie("JSESSIONID")).as("signed in at once: a session").isPresent();
    assertThat(web.cookie(LoginDevices.COOKIE)).as("device cookie, as at log-in").isPresent();
    var machines = web.page("/my/machines");
    assertThat(machines.select(".flash-success").text()).contains("Great success!", "logged in");
    assertThat(web.page("/my/preferences").select("nav").text()).contains("Log out", "Machines");

    var later = new WebSession(port);
    var login = later.login(name.toUpperCase(), PASSWORD);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
    var profile = later.get("/my/profile");
    assertThat(profile.headers().firstValue("Location").orElseThrow()).endsWith("/users/" + name);
  }

  @Test
  void signupShowsEveryProblemAtOnceNextToItsField() {
    var response =
        web.submit(
            "/signup",
            "#signup-form",
            Map.of("username", "..", "password", "password", "email", "not an address"));
    assertThat(response.statusCode()).isEqualTo(400);
    var page = Jsoup.parse(response.body());
    assertThat(page.select(".flash-error")).as("no banner").isEmpty();
    assertThat(page.select("#signup-problems").text()).contains("5 problems");
    assertThat(page.select("#username-error").text()).contains("other than dots");
    assertThat(page.select("#password-error").text()).contains("most common");
    assertThat(page.select("#email-error").text()).contains("Invalid e-mail");
    assertThat(page.select("#old_enough-error").text()).contains("16 years");
    assertThat(page.select("#terms_read-error").text()).contains("terms of service");
    for (String field : new String[] {"username", "password", "email", "old_enough", "terms_read"}) {
      var input = page.selectFirst("#signup-form [name=" + field + "]");
      assertThat(input.attr("aria-invalid")).as(field).isEqualTo("true");
      assertThat(input.attr("aria-describedby").split(" ")).as(field).contains(field + "-error");
    }
    assertThat(page.select("#username").val()).isEqualTo("..");
    assertThat(page.select("#email").val()).isEqualTo("not an address");
    assertThat(page.select("#password").val()).isEmpty();

    // a form without problems has no error marks
    var fine = web.page("/signup");
    assertThat(fine.select("[aria-invalid]")).isEmpty();
    assertThat(fine.select("#username").attr("aria-describedby")).isEqualTo("username-hint");
  }

  @Test
  void signupNeedsBothConsentBoxesCheckedByTheServer() {
    String name = TestUsers.uniqueName("noconsent");
    var fields = new HashMap<>(signupFields(name));
    fields.remove("old_enough");
    var response = web.submit("/signup", "#signup-form", fields);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(response.body()).select("#old_enough-error").text()).contains("at least 16 years old");

    fields = new HashMap<>(signupFields(name));
    fields.remove("terms_read");
    response = web.submit("/signup", "#signup-form", fields);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(response.body()).select("#terms_read-error").text()).contains("terms of service");
    assertThat(accounts.findByUsername(name)).isEmpty();
    // control: with both boxes checked the same name is signed up and found
    assertThat(web.submit("/signup", "#signup-form", signupFields(name)).statusCode()).isEqualTo(302);
    assertThat(accounts.findByUsername(name)).isPresent();
  }

  @Test
  void signupRejectsBadNamesShortPasswordsAndTakenNames() {
    var bad = web.submit("/signup", "#signup-form", signupFields("a/b"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(bad.body()).select("#username-error").text()).contains("must not contain");
    assertThat(Jsoup.parse(bad.body()).select("#username").val()).isEqualTo("a/b");

    var fields = new HashMap<>(signupFields(TestUsers.uniqueName("short")));
    fields.put("password", "1234567");
    assertThat(web.submit("/signup", "#signup-form", fields).statusCode()).isEqualTo(400);

    String taken = TestUsers.uniqueName("Taken");
    accounts.create(taken, PASSWORD, null);
    var duplicate = web.submit("/signup", "#signup-form", signupFields(taken.toLowerCase()));
    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(duplicate.body()).select("#username-error").text()).contains("already taken");
  }

  @Test
  void formsWithoutCsrfTokenAreForbidden() {
    String name = TestUsers.uniqueName("csrf");
    var signup = web.post("/signup", signupFields(name));
    assertThat(signup.statusCode()).isEqualTo(403);
    assertThat(signup.body()).contains("Forbidden").contains("– Code::Stats");
    assertThat(accounts.findByUsername(name)).isEmpty();

    accounts.create(name, PASSWORD, null);
    assertThat(web.post("/login", Map.of("username", name, "password", PASSWORD)).statusCode()).isEqualTo(403);
    web.login(name, PASSWORD);
    for (String path : new String[] {"/logout", "/my/preferences", "/my/preferences/password", "/my/preferences/delete",
      "/my/machines", "/my/consent", "/forgot-password"}) {
      assertThat(web.post(path, Map.of("delete_confirmation", "DELETE")).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(accounts.findByUsername(name)).isPresent();
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameMessage() {
    String name = TestUsers.uniqueName("wrong");
    accounts.create(name, PASSWORD, null);
    var wrongPassword = web.login(name, "not the password");
    assertThat(wrongPassword.statusCode()).isEqualTo(302);
    var page = web.page("/login");
    assertThat(page.select(".flash-error").text()).isEqualTo("Wrong username and/or password!");
    assertThat(page.select("#username").val()).isEqualTo(name);

    web.login(TestUsers.uniqueName("nobody"), PASSWORD);
    assertThat(web.page("/login").select(".flash-error").text()).isEqualTo("Wrong username and/or password!");
    // a password is checked exactly as typed
    web.login(name, PASSWORD + " ");
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(302);
  }

  @Test
  void loginRotatesTheSessionAndLogoutEndsIt() {
    String name = TestUsers.uniqueName("session");
    accounts.create(name, PASSWORD, null);
    web.login(name, "not the password"); // the failed log-in's message makes a session
    String before = web.cookie("JSESSIONID").orElseThrow().getValue();
    web.login(name, PASSWORD);
    String after = web.cookie("JSESSIONID").orElseThrow().getValue();
    assertThat(after).isNotEqualTo(before);
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);

    var logout = web.submit("/my/preferences", "form[action=/logout]", Map.of());
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(302);
    assertThat(web.get("/logout").statusCode()).isNotEqualTo(302); // GET does not log out
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteLax() {
    String name = TestUsers.uniqueName("cookies");
    accounts.create(name, PASSWORD, null);
    var response = web.login(name, PASSWORD);
    String setCookie = String.join("\n", response.headers().allValues("Set-Cookie"));
    assertThat(setCookie).contains("JSESSIONID").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    assertThat(setCookie).doesNotContainIgnoringCase("Secure"); // plain HTTP here; set behind TLS
  }

  @Test
  void rememberMeKeepsTheLoginForAYearUntilLogoutOrPasswordChange() {
    String name = TestUsers.uniqueName("remember");
    accounts.create(name, PASSWORD, null);
    var login =
        web.submit("/login", "#login-form", Map.of("username", name, "password", PASSWORD, "remember-me", "on"));
    String rememberCookie =
        login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("remember-me=")).findFirst()
            .orElseThrow();
    assertThat(rememberCookie).containsIgnoringCase("Max-Age=31536000").containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax");

    // a new browser session with only the remember-me cookie is still logged in
    web.forgetCookie("JSESSIONID");
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);

    // a stolen copy of the cookie stops working once the owner logs out
    var stolen = web.cookie("remember-me").orElseThrow().getValue();
    web.submit("/my/preferences", "form[action=/logout]", Map.of());
    var thief = new WebSession(port);
    assertThat(thief
        .send(HttpRequest.newBuilder(thief.uri("/my/preferences")).header("Cookie", "remember-me=" + stolen).build())
        .statusCode())
        .isEqualTo(302);

    // and once the password is changed
    var again = new WebSession(port);
    again.submit("/login", "#login-form", Map.of("username", name, "password", PASSWORD, "remember-me", "on"));
    String copy = again.cookie("remember-me").orElseThrow().getValue();
    var changed = again.submit("/my/preferences", "#password-form",
        Map.of("old_password", PASSWORD, "new_password", "a new password"));
    assertThat(changed.statusCode()).isEqualTo(302);
    var other = new WebSession(port);
    assertThat(
        other.send(HttpRequest.newBuilder(other.uri("/my/preferences")).header("Cookie", "remember-me=" + copy).build())
            .statusCode())
        .isEqualTo(302);
  }

  @Test
  void preferencesUpdateDetailsAndRejectBadAddresses() {
    String name = TestUsers.uniqueName("prefs");
    var user = accounts.create(name, PASSWORD, null);
    web.login(name, PASSWORD);
    var ok =
        web.submit(
            "/my/preferences",
            "#details-form",
            Map.of(
                "email", name + "@example.com",
                "current_password", PASSWORD,
                "private_profile", "on",
                "gravatar_email", "face@example.com"));
    assertThat(ok.statusCode()).isEqualTo(302);
    var page = web.page("/my/preferences");
    assertThat(page.select("#details .flash-success").text()).startsWith("Preferences updated!");
    // in force only once confirmed (EmailConfirmationTest)
    assertThat(page.select("#email-waiting").text()).contains(name + "@example.com");
    assertThat(page.select("input[name=private_profile]").hasAttr("checked")).isTrue();
    assertThat(accounts.findById(user.id()).orElseThrow().privateProfile()).isTrue();
    assertThat(accounts.details(user.id()).orElseThrow().gravatarEmail()).isEqualTo("face@example.com");

    web.submit("/my/preferences", "#details-form",
        Map.of("email", "not an address", "current_password", PASSWORD, "gravatar_email", ""));
    assertThat(web.page("/my/preferences").select("#details .flash-error").text())
        .startsWith("Error updating preferences");
    web.submit("/my/preferences", "#details-form", Map.of("email", "", "gravatar_email", "not an address"));
    assertThat(web.page("/my/preferences").select("#details .flash-error").text())
        .startsWith("Error updating preferences");
    assertThat(accounts.details(user.id()).orElseThrow().gravatarEmail()).isEqualTo("face@example.com");
  }

  @Test
  void passwordChangeNeedsTheCurrentPassword() {
    String name = TestUsers.uniqueName("pwchange");
    accounts.create(name, PASSWORD, null);
    web.login(name, PASSWORD);
    web.submit("/my/preferences", "#password-form",
        Map.of("old_password", "wrong one", "new_password", "another password"));
    assertThat(web.page("/my/preferences").select("#password .flash-error").text())
        .isEqualTo("Old password was wrong!");
    web.submit("/my/preferences", "#password-form", Map.of("old_password", PASSWORD, "new_password", "short"));
    assertThat(web.page("/my/preferences").select("#password .flash-error").text()).contains("at least 8");
    web.submit("/my/preferences", "#password-form",
        Map.of("old_password", PASSWORD, "new_password", "another password"));
    assertThat(web.page("/my/preferences").select("#password .flash-success").text()).isEqualTo("Password changed.");

    assertThat(new WebSession(port).login(name, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/login");
    assertThat(new WebSession(port).login(name, "another password").headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
  }

  @Test
  void deletingTheAccountNeedsTheWordDelete() {
    String name = TestUsers.uniqueName("delete");
    accounts.create(name, PASSWORD, null);
    web.login(name, PASSWORD);
    web.submit("/my/preferences", "#delete-form", Map.of("delete_confirmation", "delete"));
    assertThat(web.page("/my/preferences").select("#delete .flash-error").text()).contains("typing \"DELETE\"");
    assertThat(accounts.findByUsername(name)).isPresent();

    var deleted = web.submit("/my/preferences", "#delete-form",
        Map.of("delete_confirmation", "DELETE", "current_password", PASSWORD));
    assertThat(deleted.headers().firstValue("Location").orElseThrow()).isEqualTo("/");
    assertThat(accounts.findByUsername(name)).isEmpty();
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(302);
  }

  @Test
  void bcryptHashesOfImportedAccountsVerifyAndAreUpgradedToArgon2id() {
    String name = TestUsers.uniqueName("bcrypt");
    var user = accounts.create(name, "placeholder password", null);
    String bcrypt = new BCryptPasswordEncoder().encode(PASSWORD); // as the original service stored them
    jdbc.sql("update users set password_hash = ? where id = ?").params(bcrypt, user.id()).update();

    assertThat(web.login(name, PASSWORD).headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
    String hash =
        jdbc.sql("select password_hash from users where id = ?").param(user.id()).query(String.class).single();
    assertThat(hash).startsWith("{argon2}$argon2id$");
    assertThat(new WebSession(port).login(name, PASSWORD).headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
  }

  @Test
  void usersWithOlderTermsAreSentToConsentUntilTheyAccept() {
    String name = TestUsers.uniqueName("consent");
    var user = accounts.create(name, PASSWORD, null);
    accounts.acceptTerms(user.id(), LegalTerms.VERSIONS.getFirst());
    web.login(name, PASSWORD);
    for (String path : new String[] {"/my/preferences", "/my/machines", "/plugins", "/aliases"}) {
      var response = web.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(302);
      assertThat(response.headers().firstValue("Location").orElseThrow()).as(path).endsWith("/my/consent");
    }
    var consent = web.page("/my/consent");
    assertThat(consent.title()).isEqualTo("New terms – Code::Stats");
    assertThat(consent.select("#terms-changes ins").text()).contains("live world map");
    // the API and the legal pages are not affected
    assertThat(web.get("/tos").statusCode()).isEqualTo(200);
    assertThat(web.send(HttpRequest.newBuilder(web.uri("/api/users/" + name)).build()).statusCode()).isEqualTo(200);

    web.submit("/my/consent", "#consent-form", Map.of());
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(302);
    web.submit("/my/consent", "#consent-form", Map.of("accept", "on"));
    assertThat(web.get("/my/preferences").statusCode()).isEqualTo(200);
    assertThat(accounts.details(user.id()).orElseThrow().termsAccepted()).isEqualTo(LegalTerms.VERSIONS.getLast());
  }

  @Test
  void malformedFormInputGetsA4xxOrTheFormAgainNeverA5xx() {
    String nul = "a\u0000b";
    String huge = "x".repeat(100_000);
    for (var fields : List.of(
        Map.of("username", nul, "password", nul, "old_enough", "on", "terms_read", "on"),
        Map.of("username", huge, "password", huge, "email", huge, "old_enough", "on", "terms_read", "on"),
        Map.of("username", "ok" + TestUsers.uniqueName("x"), "password", PASSWORD, "email", "a\u0000@b.c", "old_enough",
            "on", "terms_read", "on"))) {
      assertThat(web.submit("/signup", "#signup-form", fields).statusCode()).isBetween(400, 499);
    }
    assertThat(web.login(nul, nul).statusCode()).isEqualTo(302);
    assertThat(web.submit("/forgot-password", "#forgot-form", Map.of("username", nul)).statusCode()).isEqualTo(302);
    assertThat(web.get("/avatar/a%00b").statusCode()).isBetween(400, 499);
  }

  @Test
  void aSessionOfAnAccountDeletedElsewhereEnds() {
    String name = TestUsers.uniqueName("elsewhere");
    accounts.create(name, PASSWORD, null);
    web.login(name, PASSWORD);
    var other = new WebSession(port);
    other.login(name, PASSWORD);
    other.submit("/my/preferences", "#delete-form",
        Map.of("delete_confirmation", "DELETE", "current_password", PASSWORD));
    var response = web.get("/my/preferences");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(web.get("/my/machines").statusCode()).isEqualTo(302);
  }

  @Test
  void aUserWhoDoesNotAcceptTheNewTermsCanDeleteTheAccountFromTheConsentPage() {
    String name = TestUsers.uniqueName("refuses");
    var user = accounts.create(name, PASSWORD, null);
    accounts.acceptTerms(user.id(), LegalTerms.VERSIONS.getFirst());
    web.login(name, PASSWORD);
    assertThat(accounts.findByUsername(name)).as("control: the account is there before").isPresent();
    web.submit("/my/consent", "#delete-form", Map.of("delete_confirmation", "DELETE", "current_password", PASSWORD));
    assertThat(accounts.findByUsername(name)).isEmpty();
  }

  @Test
  void afterLoggingInTheUserGetsThePageThatAskedForIt() {
    String name = TestUsers.uniqueName("continue");
    accounts.create(name, PASSWORD, null);
    var asked = web.get("/my/machines");
    assertThat(asked.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    var login = web.login(name, PASSWORD);
    String target = login.headers().firstValue("Location").orElseThrow();
    assertThat(target).contains("/my/machines");
    assertThat(web.get(URI.create(target).getRawPath() + "?" + URI.create(target).getRawQuery()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void changingThePasswordLogsOutEveryOtherBrowser() {
    String name = TestUsers.uniqueName("otherbrowser");
    accounts.create(name, PASSWORD, null);
    var other = new WebSession(port);
    other.login(name, PASSWORD);
    assertThat(other.get("/my/preferences").statusCode()).isEqualTo(200);
    web.login(name, PASSWORD);
    web.submit("/my/preferences", "#password-form",
        Map.of("old_password", PASSWORD, "new_password", "a changed password"));
    assertThat(web.get("/my/preferences").statusCode()).as("this browser stays logged in").isEqualTo(200);
    var expired = other.get("/my/preferences");
    assertThat(expired.statusCode()).isEqualTo(302);
    assertThat(expired.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(other.get("/my/machines").statusCode()).isEqualTo(302);
  }
}
