package net.codestats.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.codestats.account.AccountAdministration;
import net.codestats.mail.Mailer;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestClock;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The error digest: errors logged at ERROR are grouped by kind and mailed at most once per
 * interval, only the new ones each time; nothing is mailed when it is off; a 500 from a real
 * request is counted.
 */
@IntegrationTest
class ErrorDigestTest {

  private static final Logger log = LoggerFactory.getLogger(ErrorDigestTest.class);
  private static final Duration INTERVAL = Duration.ofMinutes(15);

  @LocalServerPort int port;
  @Autowired ErrorLog errors;
  @Autowired Mailer mailer;
  @Autowired AdminRoles roles;
  @Autowired AccountAdministration accounts;
  @Autowired Environment environment;
  @Autowired TestClock clock;
  @Autowired GreenMail smtp;

  @BeforeEach
  void quiet() {
    clock.freeze();
    errors.drain(); // what other tests logged before
  }

  @AfterEach
  void resume() {
    clock.resume();
  }

  ErrorDigest digest(boolean enabled, String to) {
    return new ErrorDigest(
        errors, mailer, roles, accounts, environment, clock,
        new ErrorDigest.Settings(enabled, INTERVAL, List.of(to)));
  }

  static String address() {
    return TestUsers.uniqueName("ops") + "@example.test";
  }

  void failInParsing(String input) {
    try {
      Integer.parseInt(input);
    } catch (NumberFormatException e) {
      log.error("Could not parse {}", input, e);
    }
  }

  void failInState() {
    log.error("Store unreachable", new IllegalStateException("store down"));
  }

  List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipients(m).contains(address))
        .toList();
  }

  @Test
  void twoKindsGiveOneMailWithCountsAndTheFirstTraceThenOnlyNewOnesAfterTheInterval() throws Exception {
    String to = address();
    var digest = digest(true, to);
    failInParsing("first");
    failInParsing("second");
    failInParsing("third");
    failInState();

    assertThat(digest.sendIfDue()).isTrue();
    var mails = mailsTo(to);
    assertThat(mails).hasSize(1);
    String subject = mails.getFirst().getSubject();
    assertThat(subject).startsWith("Code::Stats errors on ").contains(":" + port).endsWith("4 errors of 2 kinds");
    String body = text(mails.getFirst());
    assertThat(body)
        .contains("3 x java.lang.NumberFormatException at net.codestats.admin.ErrorDigestTest.failInParsing")
        .contains("1 x java.lang.IllegalStateException at net.codestats.admin.ErrorDigestTest.failInState")
        .contains("For input string: \"first\"") // the first stack trace, not a later one
        .doesNotContain("For input string: \"second\"")
        .contains("store down");

    failInState();
    failInState();
    clock.advance(INTERVAL.minusMinutes(1));
    assertThat(digest.sendIfDue()).isFalse();
    assertThat(mailsTo(to)).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    assertThat(digest.sendIfDue()).isTrue();
    mails = mailsTo(to);
    assertThat(mails).hasSize(2);
    String second = text(mails.getLast());
    assertThat(second)
        .contains("2 x java.lang.IllegalStateException at net.codestats.admin.ErrorDigestTest.failInState")
        .doesNotContain("NumberFormatException");

    clock.advance(INTERVAL.plusMinutes(1));
    assertThat(digest.sendIfDue()).as("no new errors, no mail").isFalse();
    assertThat(mailsTo(to)).hasSize(2);
  }

  @Test
  void offMailsNothingWhileOnMailsTheSameErrors() throws Exception {
    String offTo = address();
    String onTo = address();
    failInState();

    assertThat(digest(false, offTo).sendIfDue()).isFalse();
    assertThat(digest(true, onTo).sendIfDue()).isTrue();

    assertThat(mailsTo(offTo)).isEmpty();
    assertThat(mailsTo(onTo)).hasSize(1);
    assertThat(text(mailsTo(onTo).getFirst())).contains("store down");
  }

  @Test
  void aServerErrorFromARealRequestIsCounted() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + FailingTestController.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(500);

    String to = address();
    assertThat(digest(true, to).sendIfDue()).isTrue();
    String body = text(mailsTo(to).getFirst());
    assertThat(body)
        .contains("FailingTestException at net.codestats.admin.FailingTestController.fail")
        .contains("failing on purpose");
  }

  @Test
  void theDigestsOwnSendingIsNotCapturedWhileOtherErrorsAre() {
    errors.muted(() -> log.error("While mailing the digest", new IllegalStateException("mail server down")));
    assertThat(errors.peek().isEmpty()).isTrue();
    failInState();
    assertThat(errors.peek().kinds()).extracting(ErrorLog.Kind::summary).anyMatch(s -> s.contains("failInState"));
  }

  @Test
  void kindsBeyondTheCapAreOnlyCounted() throws Exception {
    int beyond = 5;
    for (int i = 0; i < ErrorLog.MAX_KINDS + beyond; i++) {
      log.error("Distinct kind " + i);
    }
    String to = address();
    assertThat(digest(true, to).sendIfDue()).isTrue();
    String body = text(mailsTo(to).getFirst());
    assertThat(body)
        .contains("Distinct kind 0")
        .contains("and " + beyond + " more kinds (" + beyond + " errors)")
        .doesNotContain("Distinct kind " + (ErrorLog.MAX_KINDS + 1));
  }

  /** The plain-text part, decoded. */
  static String text(MimeMessage mail) throws Exception {
    if (mail.getContent() instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        var text = find(parts.getBodyPart(i));
        if (text != null) {
          return text;
        }
      }
    }
    return mail.getContent().toString();
  }

  private static String find(BodyPart part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return part.getContent().toString();
    }
    if (part.getContent() instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        var text = find(parts.getBodyPart(i));
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }

  private static String recipients(MimeMessage mail) {
    try {
      return GreenMailUtil.getAddressList(mail.getAllRecipients());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
