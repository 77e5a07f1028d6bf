package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The whole reset: request, real mail over SMTP (GreenMail), link, new password, log-in. */
@IntegrationTest
class PasswordResetMailTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired GreenMail smtp;
  @Autowired JdbcClient jdbc;
  @Autowired PasswordResets resets;

  private TestMails mails;

  @BeforeEach
  void mails() {
    mails = new TestMails(smtp);
  }

  /** An account whose address was confirmed through the mailed link, as resets need. */
  private User confirmedUser(String name, String address) throws Exception {
    var user = accounts.create(name, "the old password", address);
    mails.confirm(new WebSession(port), address);
    assertThat(accounts.emailConfirmed(user.id())).isTrue();
    return user;
  }

  @Test
  void resetLinkFromTheMailSetsANewPasswordOnce() throws Exception {
    String name = TestUsers.uniqueName("reset");
    String address = name + "@example.com";
    confirmedUser(name, address);
    var web = new WebSession(port);

    var request = web.submit("/forgot-password", "#forgot-form", Map.of("username", name.toUpperCase()));
    assertThat(request.statusCode()).isEqualTo(302);
    assertThat(web.page("/forgot-password").select(".flash-info").text()).isEqualTo(PasswordResetController.SENT);

    MimeMessage mail = mails.await(address, TestMails.RESET, 1).getFirst();
    assertThat(mail.getSubject()).isEqualTo("Code::Stats password reset");
    assertThat(mail.getFrom()[0].toString()).contains("noreply@codestats.test");
    String path = TestMails.linkPath(mail);

    assertThat(web.get(path).statusCode()).isEqualTo(200);
    var reset = web.submit(path, "#reset-form", Map.of("password", "a brand new password"));
    assertThat(reset.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(web.page("/login").select(".flash-success").text()).contains("Password reset successfully");

    var login = new WebSession(port).login(name, "a brand new password");
    assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/my/profile");
    assertThat(new WebSession(port).login(name, "the old password").headers().firstValue("Location").orElseThrow())
        .endsWith("/login");

    // single use
    assertThat(web.get(path).statusCode()).isEqualTo(404);
    var again = new WebSession(port);
    String csrf = again.csrfToken("/login");
    again.post(path, Map.of("_csrf", csrf, "password", "yet another password"));
    assertThat(again.page("/login").select(".flash-error").text()).contains("Unable to reset password");
    assertThat(new WebSession(port).login(name, "a brand new password").headers().firstValue("Location").orElseThrow())
        .endsWith("/my/profile");
  }

  @Test
  void byEmailAddressToo_andTheAnswerIsTheSameForUnknownAccounts() throws Exception {
    String name = TestUsers.uniqueName("resetmail");
    String address = name + "@example.org";
    confirmedUser(name, address);
    var web = new WebSession(port);
    web.submit("/forgot-password", "#forgot-form", Map.of("username", address));
    String known = web.page("/forgot-password").select(".flash-info").text();
    assertThat(mails.await(address, TestMails.RESET, 1)).hasSize(1);

    web.submit("/forgot-password", "#forgot-form", Map.of("username", TestUsers.uniqueName("nobody")));
    assertThat(web.page("/forgot-password").select(".flash-info").text()).isEqualTo(known);
  }

  @Test
  void expiredLinksAndShortPasswordsAreRefused() throws Exception {
    String name = TestUsers.uniqueName("expired");
    String address = name + "@example.net";
    var user = confirmedUser(name, address);
    var web = new WebSession(port);
    web.submit("/forgot-password", "#forgot-form", Map.of("username", name));
    String path = TestMails.linkPath(mails.await(address, TestMails.RESET, 1).getFirst());

    var shortPassword = web.submit(path, "#reset-form", Map.of("password", "short"));
    assertThat(shortPassword.statusCode()).isEqualTo(400);
    assertThat(shortPassword.body()).contains("at least 8");

    jdbc.sql("update password_resets set expires_at = now() - interval '1 second' where user_id = ?").param(user.id())
        .update();
    assertThat(web.get(path).statusCode()).isEqualTo(404);
    assertThat(web.get("/reset-password/not-a-token").statusCode()).isEqualTo(404);

    resets.purgeExpired(); // the daily job
    assertThat(
        jdbc.sql("select count(*) from password_resets where user_id = ?").param(user.id()).query(Long.class).single())
        .isZero();
  }
}
