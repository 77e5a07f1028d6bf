package net.codestats.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.core.task.TaskExecutor;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mail.javamail.MimeMessagePreparator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends e-mail over SMTP ({@code spring.mail.*}). Sending happens on a virtual thread of its
 * own: a slow mail server never delays a page, and the time a request takes tells nothing
 * about whether a mail was sent. Inside a transaction the mail goes out once it has committed:
 * a link in it then works from the first moment, and a change rolled back mails nothing.
 * Without {@code spring.mail.host} nothing is sent and a warning is logged.
 */
@Service
@EnableConfigurationProperties(Mailer.Settings.class)
public class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  /** @param from the sender of every mail, e.g. {@code Code::Stats <noreply@example.com>} */
  @ConfigurationProperties("codestats.mail")
  public record Settings(@DefaultValue("Code::Stats <noreply@localhost>") String from) {}

  private final ObjectProvider<JavaMailSender> sender;
  private final InternetAddress from;
  private final TaskExecutor sending;

  Mailer(ObjectProvider<JavaMailSender> sender, Settings settings, SimpleAsyncTaskExecutorBuilder executors) {
    this.sender = sender;
    this.from = sender(settings.from());
    // A virtual thread per mail: waiting on the SMTP server blocks nothing else.
    this.sending = executors.virtualThreads(true).threadNamePrefix("mail-").build();
  }

  public boolean isConfigured() {
    return sender.getIfAvailable() != null;
  }

  /** Queues a plain-text mail (after the commit of the current transaction, if any); returns at once. */
  public void send(String to, String subject, String text) {
    JavaMailSender mailSender = sender.getIfAvailable();
    if (mailSender == null) {
      log.warn("No SMTP server configured (spring.mail.host): mail \"{}\" not sent", subject);
      return;
    }
    InternetAddress from = this.from;
    MimeMessagePreparator message =
        mime -> {
          var helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
          helper.setFrom(from);
          helper.setTo(to);
          helper.setSubject(subject);
          helper.setText(text);
        };
    Runnable sendLater =
        () -> sending.execute(
            () -> {
              try {
                mailSender.send(message);
                log.info("Sent mail \"{}\"", subject);
              } catch (MailException e) {
                log.error("Could not send mail \"{}\": {}", subject, e.getMessage());
              }
            });
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              sendLater.run();
            }
          });
    } else {
      sendLater.run();
    }
  }

  /**
   * Sends a mail with a plain-text and an HTML part now, in the caller's thread, for a sender
   * that must know whether it went out (the admin area's throttled, resumable mass mail).
   *
   * @throws MailException when no SMTP server is configured or it refused the mail
   */
  public void sendNow(String to, String subject, String text, String html) {
    JavaMailSender mailSender = sender.getIfAvailable();
    if (mailSender == null) {
      throw new MailSendException("No SMTP server configured (spring.mail.host)");
    }
    InternetAddress from = this.from;
    mailSender.send(
        mime -> {
          var helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
          helper.setFrom(from);
          helper.setTo(to);
          helper.setSubject(subject);
          helper.setText(text, html);
        });
  }

  /**
   * The configured sender; a display name with special characters (the "::" of Code::Stats)
   * is quoted as RFC 5322 wants.
   */
  static InternetAddress sender(String from) {
    var named = Pattern.compile("^\\s*\"?([^\"<]*?)\"?\\s*<([^>]+)>\\s*$").matcher(from);
    String address = named.matches() ? named.group(2).strip() : from.strip();
    String personal = named.matches() && !named.group(1).isBlank() ? named.group(1).strip() : null;
    if (!isValidAddress(address)) {
      throw new IllegalStateException("codestats.mail.from is not a valid address: " + from);
    }
    try {
      return new InternetAddress(address, personal, StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  /** A syntactically valid single address (no display name, no list). */
  public static boolean isValidAddress(String address) {
    if (address == null || address.isBlank() || address.length() > 254 || !address.contains("@")) {
      return false;
    }
    try {
      var parsed = new InternetAddress(address, true);
      return parsed.getAddress().equals(address) && parsed.getPersonal() == null;
    } catch (AddressException e) {
      return false;
    }
  }
}
