package net.codestats.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.codestats.account.AccountAdministration;
import net.codestats.mail.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * Mails the errors this node logged ({@link ErrorLog}) to the admins as a digest: at most one
 * mail per {@code codestats.error-digest.interval}, and only when there are new errors. Off
 * unless {@code codestats.error-digest.enabled=true}. A mail that cannot be sent is logged at
 * WARN (never captured) and its errors are dropped: the next digest has the newer ones.
 */
@Service
@EnableConfigurationProperties(ErrorDigest.Settings.class)
class ErrorDigest {

  private static final Logger log = LoggerFactory.getLogger(ErrorDigest.class);

  /**
   * @param enabled mail the digest at all
   * @param interval at most one mail per this long
   * @param to the recipients; empty: the admins with an address
   */
  @ConfigurationProperties("codestats.error-digest")
  record Settings(
      @DefaultValue("false") boolean enabled, @DefaultValue("15m") Duration interval, @DefaultValue List<String> to) {}

  private final ErrorLog errors;
  private final Mailer mailer;
  private final AdminRoles roles;
  private final AccountAdministration accounts;
  private final Environment environment;
  private final Clock clock;
  private final Settings settings;
  private Instant lastSent;

  ErrorDigest(
      ErrorLog errors,
      Mailer mailer,
      AdminRoles roles,
      AccountAdministration accounts,
      Environment environment,
      Clock clock,
      Settings settings) {
    this.errors = errors;
    this.mailer = mailer;
    this.roles = roles;
    this.accounts = accounts;
    this.environment = environment;
    this.clock = clock;
    this.settings = settings;
  }

  @Scheduled(fixedDelay = 30, initialDelay = 30, timeUnit = TimeUnit.SECONDS)
  void tick() {
    sendIfDue();
  }

  /** Sends the digest if enabled, errors are waiting and the interval has passed; true if sent. */
  synchronized boolean sendIfDue() {
    if (!settings.enabled()) {
      return false;
    }
    Instant now = clock.instant();
    if (lastSent != null && now.isBefore(lastSent.plus(settings.interval()))) {
      return false;
    }
    if (errors.peek().isEmpty()) {
      return false;
    }
    var waiting = errors.drain();
    lastSent = now;
    String subject = subject(waiting);
    String text = text(waiting);
    String html = "<pre>" + HtmlUtils.htmlEscape(text) + "</pre>";
    errors.muted(() -> {
      for (String to : recipients()) {
        try {
          mailer.sendNow(to, subject, text, html);
        } catch (MailException | IllegalStateException e) {
          log.warn("Could not mail the error digest to {}: {}", to, e.getMessage());
        }
      }
    });
    return true;
  }

  private Set<String> recipients() {
    Set<String> to = new LinkedHashSet<>();
    settings.to().stream().map(String::strip).filter(Mailer::isValidAddress).forEach(to::add);
    if (to.isEmpty()) {
      for (var admin : roles.list()) {
        accounts.find(admin.userId())
            .map(AccountAdministration.Account::email)
            .filter(Mailer::isValidAddress)
            .ifPresent(to::add);
      }
    }
    if (to.isEmpty()) {
      log.warn("Error digest: no recipient (no admin with an address, codestats.error-digest.to empty)");
    }
    return to;
  }

  private String subject(ErrorLog.Errors waiting) {
    long count = waiting.kinds().stream().mapToLong(ErrorLog.Kind::count).sum() + waiting.moreErrors();
    long kinds = waiting.kinds().size() + waiting.moreKinds();
    return "Code::Stats errors on " + node() + ": " + count + (count == 1 ? " error" : " errors") + " of "
        + kinds + (kinds == 1 ? " kind" : " kinds");
  }

  static String text(ErrorLog.Errors waiting) {
    var text = new StringBuilder();
    for (var kind : waiting.kinds()) {
      text.append(kind.count()).append(" x ").append(kind.summary()).append('\n')
          .append("  first ").append(kind.first()).append(", last ").append(kind.last()).append('\n');
    }
    if (waiting.moreKinds() > 0) {
      text.append("and ").append(waiting.moreKinds()).append(" more kinds (")
          .append(waiting.moreErrors()).append(" errors)\n");
    }
    for (var kind : waiting.kinds()) {
      text.append("\n---- ").append(kind.summary()).append(" (first stack trace)\n").append(kind.trace()).append('\n');
    }
    return text.toString();
  }

  private String node() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    return host + ":" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
  }
}
