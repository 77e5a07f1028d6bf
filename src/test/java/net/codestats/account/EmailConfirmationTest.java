package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.util.Map;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Recovery addresses count only once confirmed through a mailed link; changing one, the
 * password or deleting the account needs the current password; open links die with every
 * change of the password or the address. Real mail over SMTP (GreenMail).
 */
@IntegrationTest
class EmailConfirmationTest {

  private static final String PASSWORD = "correct horse battery";

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired GreenMail smtp;
  private TestMails mails;

  @BeforeEach
  void mails() {
    mails = new TestMails(smtp);
  }

  private void requestReset(String usernameOrEmail) {
    new WebSession(port).submit("/forgot-password", "#forgot-form", Map.of("username", usernameOrEmail));
  }

  @Test
  void theSignUpAddressGetsResetsOnlyOnceItsOwnerConfirmedIt() throws Exception {
    String name = TestUsers.uniqueName("signupmail");
    String address = name + "@example.com";
    var user = accounts.create(name, PASSWORD, address);
    var web = new WebSession(port);
    web.login(name, PASSWORD);
    assertThat(web.page("/my/preferences").select("#email-waiting").text())
        .contains("Waiting for confirmation of " + address);

    String link = TestMails.linkPath(mails.await(address, TestMails.CONFIRM, 1).getFirst());
    requestReset(name);
    // opening the link changes nothing (mail scanners open links); the button confirms
    assertThat(web.page(link).select("#confirm-email-form button").text()).contains(address);
    assertThat(accounts.emailConfirmed(user.id())).isFalse();
    web.submit(link, "#confirm-email-form", Map.of());
    assertThat(accounts.emailConfirmed(user.id())).isTrue();
    var page = web.page("/my/preferences");
    assertThat(page.select("#email-waiting")).isEmpty();
    assertThat(page.select("#details-message").text()).contains(address + " is confirmed");
    assertThat(new WebSession(port).get(link).statusCode()).isEqualTo(404); // single use

    // positive control: the same request now mails a link, and the one before did not
    requestReset(name);
    assertThat(mails.await(address, TestMails.RESET, 1)).hasSize(1);
    Thread.sleep(500);
    assertThat(mails.received(address, TestMails.RESET)).hasSize(1);
  }

  @Test
  void aNewAddressNeedsThePasswordAndCountsOnlyOnceConfirmed_theOldOneIsTold() throws Exception {
    String name = TestUsers.uniqueName("newmail");
    String old = name + "@old.example";
    String wanted = name + "@new.example";
    var user = accounts.create(name, PASSWORD, old);
    var web = new WebSession(port);
    mails.confirm(web, old);
    web.login(name, PASSWORD);

    var refused = web.submit("/my/preferences", "#details-form", Map.of("email", wanted, "current_password", "not it"));
    assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/my/preferences#details");
    var page = web.page("/my/preferences");
    assertThat(page.select("#details .flash-error").text()).contains(EmailConfirmations.WRONG_PASSWORD);
    assertThat(page.select("body > main > .flash")).isEmpty(); // next to its form, not at the top
    assertThat(accounts.findById(user.id()).orElseThrow().email()).isEqualTo(old);

    web.submit("/my/preferences", "#details-form", Map.of("email", wanted, "current_password", PASSWORD));
    page = web.page("/my/preferences");
    assertThat(page.select("#email-waiting").text()).contains("Waiting for confirmation of " + wanted);
    assertThat(page.select("#email").val()).isEqualTo(old);
    assertThat(accounts.findById(user.id()).orElseThrow().email()).isEqualTo(old);
    assertThat(TestMails.body(mails.await(old, TestMails.CHANGED, 1).getFirst())).contains(wanted);
    String link = TestMails.linkPath(mails.await(wanted, TestMails.CONFIRM, 1).getFirst());
    assertThat(mails.received(wanted, TestMails.CONFIRM)).hasSize(1); // the refused attempt mailed nothing

    // until confirmed, resets go to the old address only
    requestReset(wanted);
    requestReset(name);
    String oldReset = TestMails.linkPath(mails.await(old, TestMails.RESET, 1).getFirst());
    assertThat(mails.received(wanted, TestMails.RESET)).isEmpty();

    web.submit(link, "#confirm-email-form", Map.of());
    assertThat(accounts.findById(user.id()).orElseThrow().email()).isEqualTo(wanted);
    // the reset link mailed to the old address died with the change
    assertThat(web.get(oldReset).statusCode()).isEqualTo(404);
    requestReset(name);
    assertThat(mails.await(wanted, TestMails.RESET, 1)).hasSize(1);
  }

  @Test
  void aPasswordChangeEndsEveryOpenResetAndConfirmationLink() throws Exception {
    String name = TestUsers.uniqueName("linksdie");
    String address = name + "@example.org";
    accounts.create(name, PASSWORD, address);
    var web = new WebSession(port);
    mails.confirm(web, address);
    web.login(name, PASSWORD);
    requestReset(name);
    String reset = TestMails.linkPath(mails.await(address, TestMails.RESET, 1).getFirst());
    web.submit("/my/preferences", "#details-form", Map.of("email", "other-" + address, "current_password", PASSWORD));
    String confirm = TestMails.linkPath(mails.await("other-" + address, TestMails.CONFIRM, 1).getFirst());
    assertThat(web.get(reset).statusCode()).isEqualTo(200); // positive control: both work now
    assertThat(web.get(confirm).statusCode()).isEqualTo(200);

    web.submit("/my/preferences", "#password-form", Map.of("old_password", PASSWORD, "new_password", "a new password"));
    assertThat(web.page("/my/preferences").select("#password-message").text()).isEqualTo("Password changed.");
    assertThat(web.get(reset).statusCode()).isEqualTo(404);
    assertThat(web.get(confirm).statusCode()).isEqualTo(404);
  }

  @Test
  void aResetEndsTheOtherOpenLinksToo() throws Exception {
    String name = TestUsers.uniqueName("resetdie");
    String address = name + "@example.net";
    accounts.create(name, PASSWORD, address);
    mails.confirm(new WebSession(port), address);
    requestReset(name);
    requestReset(name);
    var links = mails.await(address, TestMails.RESET, 2).stream().map(TestMails::linkPath).toList();
    var web = new WebSession(port);
    web.submit(links.get(0), "#reset-form", Map.of("password", "a brand new password"));
    assertThat(web.get(links.get(1)).statusCode()).isEqualTo(404);
  }

  @Test
  void deletingTheAccountNeedsThePassword() {
    String name = TestUsers.uniqueName("deletepw");
    accounts.create(name, PASSWORD, null);
    var web = new WebSession(port);
    web.login(name, PASSWORD);
    web.submit("/my/preferences", "#delete-form", Map.of("delete_confirmation", "DELETE", "current_password", "wrong"));
    assertThat(web.page("/my/preferences").select("#delete-message").text()).contains("password was wrong");
    assertThat(accounts.findByUsername(name)).isPresent();
    web.submit("/my/preferences", "#delete-form",
        Map.of("delete_confirmation", "DELETE", "current_password", PASSWORD));
    assertThat(accounts.findByUsername(name)).isEmpty();
  }

  @Test
  void theForgotPasswordPageSaysResetsGoOnlyToConfirmedAddresses() {
    assertThat(new WebSession(port).page("/forgot-password").text())
        .contains("goes only to an address that was confirmed");
  }
}
