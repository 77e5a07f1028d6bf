package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.web.UserIdentity;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mass mail reaches the in-process SMTP server once per recipient; opted-out and address-less
 * accounts get nothing; a dry run sends nothing; a send cut short resumes without mailing
 * anybody twice.
 */
@IntegrationTest
class MassMailTest {

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired GreenMail smtp;
  @Autowired MassMail massMail;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  record Actor(long userId, String getUsername) implements UserIdentity {}

  User withAddress(String prefix) {
    String name = TestUsers.uniqueName(prefix);
    return accounts.create(name, "correct horse battery", name + "@example.test");
  }

  @Test
  void aDryRunShowsCountAndSampleAndSendsNothing() throws Exception {
    User reader = withAddress("dry");
    String subject = TestUsers.uniqueName("Dry run");
    int mailingsBefore = massMail.recent(1000).size();
    var admin = AdminTesting.adminSession(accounts, port);
    var preview =
        admin.submit("/admin/mail", "#mail-form",
            Map.of("subject", subject, "body", "Hello **all** <script>x</script>"));
    assertThat(preview.statusCode()).isEqualTo(200);
    var page = Jsoup.parse(preview.body());
    assertThat(Long.parseLong(page.select("#recipient-count").text())).isEqualTo(massMail.recipientCount())
        .isPositive();
    assertThat(page.select("#mail-sample-html strong").text()).isEqualTo("all");
    assertThat(page.select("#mail-sample-html script")).isEmpty(); // raw HTML shown as text
    assertThat(page.select("#mail-sample-text").text()).contains("Hello all", "/my/preferences");
    Thread.sleep(2500); // two ticks of the sender
    assertThat(received(reader.email(), subject)).isEmpty();
    assertThat(massMail.recent(1000)).hasSize(mailingsBefore);
    var empty = admin.submit("/admin/mail", "#mail-form", Map.of("subject", " ", "body", "x"));
    assertThat(empty.statusCode()).isEqualTo(400);
  }

  @Test
  void eachRecipientGetsOneMailAndOptedOutOrAddressLessNone() throws Exception {
    User first = withAddress("reader");
    User second = withAddress("reader");
    User optedOut = withAddress("optout");
    User noAddress = accounts.create(TestUsers.uniqueName("noaddress"), "correct horse battery", null);
    // the opt-out as its owner sets it, in the preferences
    var own = AdminTesting.loggedIn(port, optedOut.username());
    var details = own.page("/my/preferences").selectFirst("#details-form");
    assertThat(details.select("input[name=mail_opt_out]")).hasSize(1);
    own.submit("/my/preferences", "#details-form", Map.of("mail_opt_out", "on", "email", optedOut.email()));
    assertThat(accounts.mailOptOut(optedOut.id())).isTrue();

    String subject = TestUsers.uniqueName("News");
    var admin = AdminTesting.adminSession(accounts, port);
    var previewPage = "/admin/mail";
    var preview =
        admin.submit(previewPage, "#mail-form", Map.of("subject", subject, "body", "# News\n\nSee **this**."));
    var send = Jsoup.parse(preview.body(), admin.uri("/").toString()).selectFirst("#send-form");
    Map<String, String> fields = new LinkedHashMap<>();
    send.select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
    assertThat(admin.post(send.attr("action"), fields).statusCode()).isEqualTo(302);
    long id = massMail.recent(1).getFirst().id();
    awaitFinished(id);

    assertThat(received(first.email(), subject)).hasSize(1);
    assertThat(received(second.email(), subject)).hasSize(1);
    assertThat(received(optedOut.email(), subject)).isEmpty();
    assertThat(massMail.recipients(id)).contains(first.id(), second.id()).doesNotContain(optedOut.id(), noAddress.id());
    long sent = massMail.outcomes(id).values().stream().filter("sent"::equals).count();
    assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).equals(subject)).count())
        .isEqualTo(sent);
    String body = GreenMailUtil.getBody(received(first.email(), subject).getFirst());
    assertThat(body).contains("<strong>this</strong>").contains("See this.");
    assertThat(admin.page("/admin/audit").select("#audit tbody tr").first().text()).contains("mass mail", subject);
  }

  @Test
  void aSendCutShortResumesWithoutMailingAnybodyTwice() throws Exception {
    List<User> readers =
        List.of(withAddress("resume"), withAddress("resume"), withAddress("resume"), withAddress("resume"));
    User sentBefore = readers.get(0);
    User cutShort = readers.get(1);
    String subject = TestUsers.uniqueName("Resumed");
    var admin = AdminTesting.admin(accounts);
    // The state a restart finds: one mail sent, one claimed when the node died (longer ago than a
    // send takes: a younger claim may still be in flight on another node), the rest waiting.
    long id =
        new TransactionTemplate(transactions).execute(tx -> {
          long mailing = massMail.start(new Actor(admin.id(), admin.username()), subject, "Hello again");
          jdbc.sql("update admin_mailing_recipients set claimed_at = now(), sent_at = now(), outcome = 'sent' "
              + "where mailing_id = ? and user_id = ?").params(mailing, sentBefore.id()).update();
          jdbc.sql("update admin_mailing_recipients set claimed_at = now() - interval '11 minutes' "
              + "where mailing_id = ? and user_id = ?")
              .params(mailing, cutShort.id()).update();
          return mailing;
        });
    awaitFinished(id);
    // and a second sender running over it (another node, or a tick after the restart) adds nothing
    assertThat(massMail.sendDue(100)).isZero();

    assertThat(received(sentBefore.email(), subject)).isEmpty(); // sent before the restart (by the dead node)
    assertThat(received(cutShort.email(), subject)).isEmpty(); // at most once: not repeated
    assertThat(received(readers.get(2).email(), subject)).hasSize(1);
    assertThat(received(readers.get(3).email(), subject)).hasSize(1);
    assertThat(massMail.outcomes(id).get(cutShort.id())).isNull();
  }

  @Test
  void twoSendersAtOnceMailEachRecipientOnce() throws Exception {
    List<User> readers = List.of(withAddress("twice"), withAddress("twice"), withAddress("twice"), withAddress("twice"),
        withAddress("twice"), withAddress("twice"));
    String subject = TestUsers.uniqueName("Two senders");
    var admin = AdminTesting.admin(accounts);
    long id = massMail.start(new Actor(admin.id(), admin.username()), subject, "Hello from both nodes");
    // two nodes' senders (beside this node's own tick) claiming small batches at the same time
    try (var pool = Executors.newFixedThreadPool(2)) {
      var senders = List.of(pool.submit(() -> drain()), pool.submit(() -> drain()));
      for (var sender : senders) {
        sender.get(60, TimeUnit.SECONDS);
      }
    }
    awaitFinished(id);
    for (User reader : readers) {
      assertThat(received(reader.email(), subject)).hasSize(1);
    }
    long sent = massMail.outcomes(id).values().stream().filter("sent"::equals).count();
    assertThat(sent).isGreaterThanOrEqualTo(readers.size());
    assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).equals(subject)).count())
        .isEqualTo(sent);
  }

  private int drain() {
    int total = 0;
    int claimed;
    while ((claimed = massMail.sendDue(2)) > 0) {
      total += claimed;
    }
    return total;
  }

  private void awaitFinished(long id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (massMail.recent(1000).stream().anyMatch(m -> m.id() == id && m.finishedAt() != null)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("mailing " + id + " did not finish");
  }

  private List<MimeMessage> received(String address, String subject) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipients(m).contains(address) && subject(m).equals(subject))
        .toList();
  }

  private static String recipients(MimeMessage mail) {
    try {
      return GreenMailUtil.getAddressList(mail.getAllRecipients());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage mail) {
    try {
      return mail.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
