package net.codestats.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailHealthContributorAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.mail.health.MailHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Mail health follows configuration: no SMTP server configured is not a failure. */
class MailHealthTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MailSenderAutoConfiguration.class,
                  MailHealthContributorAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class))
          .withBean(Mailer.class);

  @Test
  void withoutSmtpSettingsThereIsNoMailHealthAndNothingIsSent() {
    context.run(
        c -> {
          assertThat(c).doesNotHaveBean(MailHealthIndicator.class);
          assertThat(c.getBean(Mailer.class).isConfigured()).isFalse();
          c.getBean(Mailer.class).send("someone@example.com", "subject", "text"); // logs, does not fail
        });
  }

  @Test
  void withAnSmtpHostMailHealthIsChecked() {
    context
        .withPropertyValues("spring.mail.host=127.0.0.1", "spring.mail.port=1")
        .run(
            c -> {
              assertThat(c).hasSingleBean(MailHealthIndicator.class);
              assertThat(c.getBean(Mailer.class).isConfigured()).isTrue();
            });
  }

  @Test
  void quotesTheSendersDisplayName() {
    assertThat(Mailer.sender("Code::Stats <noreply@example.com>").toString())
        .isEqualTo("\"Code::Stats\" <noreply@example.com>");
    assertThat(Mailer.sender("noreply@example.com").toString()).isEqualTo("noreply@example.com");
  }

  @Test
  void acceptsOnlyPlainAddresses() {
    assertThat(Mailer.isValidAddress("someone@example.com")).isTrue();
    assertThat(Mailer.isValidAddress("Someone <someone@example.com>")).isFalse();
    assertThat(Mailer.isValidAddress("a@b.c, d@e.f")).isFalse();
    assertThat(Mailer.isValidAddress("no at sign")).isFalse();
    assertThat(Mailer.isValidAddress("line\r\nbreak@example.com")).isFalse();
  }
}
