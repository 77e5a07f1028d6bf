package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.codestats.support.WebSession;

/** The mails the in-process SMTP server received, by recipient and subject, and their links. */
final class TestMails {

  static final String CONFIRM = "Confirm your e-mail address for Code::Stats";
  static final String RESET = "Code::Stats password reset";
  static final String CHANGED = "Your Code::Stats e-mail address is being changed";
  private static final Pattern LINK = Pattern.compile("https?://\\S+/(reset-password|confirm-email)/[A-Za-z0-9_-]+");

  private final GreenMail smtp;

  TestMails(GreenMail smtp) {
    this.smtp = smtp;
  }

  /** Waits until {@code count} mails with the subject reached the address. */
  List<MimeMessage> await(String address, String subject, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      var mails = received(address, subject);
      if (mails.size() >= count) {
        return mails;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail \"" + subject + "\" to " + address);
  }

  /** What reached the address so far; mails are sent after the commit, so wait for a later one first. */
  List<MimeMessage> received(String address, String subject) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipients(m).contains(address) && subject(m).equals(subject))
        .toList();
  }

  /** The path of the link in the mail. */
  static String linkPath(MimeMessage mail) {
    var matcher = LINK.matcher(body(mail));
    assertThat(matcher.find()).isTrue();
    return URI.create(matcher.group()).getPath();
  }

  static String body(MimeMessage mail) {
    return GreenMailUtil.getBody(mail).replace("=\r\n", "");
  }

  /** Opens the newest confirmation link mailed to the address and confirms it. */
  void confirm(WebSession web, String address) throws InterruptedException {
    var mails = await(address, CONFIRM, 1);
    String path = linkPath(mails.getLast());
    web.submit(path, "#confirm-email-form", Map.of());
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
