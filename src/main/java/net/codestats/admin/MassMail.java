package net.codestats.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.codestats.account.AccountAdministration;
import net.codestats.account.AccountAdministration.Recipient;
import net.codestats.admin.views.MailPreview;
import net.codestats.admin.views.MailingRow;
import net.codestats.mail.Mailer;
import net.codestats.system.CodeStatsProperties;
import net.codestats.web.UserIdentity;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mass mail to every account with an address that did not opt out. A send first stores its
 * recipients (the account ids of that moment); a scheduled job then mails them at the
 * configured rate ({@code codestats.admin.mails-per-second}), on whichever node, after a
 * restart too. Each recipient is claimed in a committed transaction before its mail goes out,
 * so a mail is sent at most once: one cut short by a crash between the claim and the SMTP
 * answer is not repeated (it shows as claimed, not sent). Opting out, losing the address or
 * being disabled after the send began still keeps the mail away.
 */
@Service
class MassMail {

  private static final Logger log = LoggerFactory.getLogger(MassMail.class);
  static final int MAX_SUBJECT = 200;
  static final int MAX_BODY = 100_000;
  private static final int SNAPSHOT_PAGE = 1000;

  private final JdbcClient jdbc;
  private final AccountAdministration accounts;
  private final Mailer mailer;
  private final AdminAudit audit;
  private final TransactionTemplate transaction;
  private final String preferencesUrl;
  private final double perSecond;
  private final Parser markdown = Parser.builder().build();
  // raw HTML in the Markdown is shown as text, and javascript: links are dropped
  private final HtmlRenderer html = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private final TextContentRenderer text = TextContentRenderer.builder().build();
  private final Map<Long, MailPreview> renderedMailings = new ConcurrentHashMap<>();
  private double allowance;
  private long lastTick = System.nanoTime();

  MassMail(
      JdbcClient jdbc,
      AccountAdministration accounts,
      Mailer mailer,
      AdminAudit audit,
      PlatformTransactionManager transactions,
      CodeStatsProperties properties) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.mailer = mailer;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
    this.preferencesUrl = properties.publicUrl().resolve("/my/preferences").toString();
    this.perSecond = Math.max(0.01, properties.admin().mailsPerSecond());
  }

  /** The mail as recipients get it, or an {@link AdminException} saying what is wrong. */
  MailPreview render(String subject, String body) {
    String cleanSubject = subject == null ? "" : subject.strip();
    if (cleanSubject.isEmpty() || cleanSubject.length() > MAX_SUBJECT
        || cleanSubject.chars().anyMatch(Character::isISOControl)) {
      throw new AdminException("The subject must be one line of 1 to " + MAX_SUBJECT + " characters.");
    }
    if (body == null || body.isBlank() || body.length() > MAX_BODY || body.indexOf('\u0000') >= 0) {
      throw new AdminException("The text must have 1 to " + MAX_BODY + " characters.");
    }
    Node document = markdown.parse(body);
    String footer =
        "You get this mail because you have an account on Code::Stats. No more such mails: " + preferencesUrl;
    return new MailPreview(
        cleanSubject,
        html.render(document) + "<hr>\n<p><small>" + escape(footer) + "</small></p>\n",
        text.render(document).strip() + "\n\n-- \n" + footer + "\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Who would get a mail sent now. */
  long recipientCount() {
    return accounts.counts().mailable();
  }

  /** Stores the mailing and its recipients; the job mails them from the next tick on. */
  long start(UserIdentity actor, String subject, String body) {
    MailPreview rendered = render(subject, body);
    return transaction.execute(
        tx -> {
          long id =
              jdbc.sql("insert into admin_mailings (subject, body_markdown, created_by) values (?, ?, ?) returning id")
                  .params(rendered.subject(), body, actor.getUsername())
                  .query(Long.class)
                  .single();
          long count = 0;
          long after = 0;
          List<Recipient> page;
          while (!(page = accounts.recipientsAfter(after, SNAPSHOT_PAGE)).isEmpty()) {
            jdbc.sql("insert into admin_mailing_recipients (mailing_id, user_id) select ?, unnest(?::bigint[])")
                .params(id, page.stream().mapToLong(Recipient::userId).toArray())
                .update();
            count += page.size();
            after = page.getLast().userId();
          }
          if (count == 0) {
            jdbc.sql("update admin_mailings set finished_at = now() where id = ?").param(id).update();
          }
          audit.record(actor, "mass mail",
              "“" + rendered.subject() + "” to " + count + " recipients (mailing " + id + ")");
          return id;
        });
  }

  /** Mails as many recipients as the rate allows since the last tick. */
  @Scheduled(fixedDelay = 1000, initialDelay = 5000)
  void tick() {
    long now = System.nanoTime();
    int budget;
    synchronized (this) {
      allowance = Math.min(Math.max(1, perSecond), allowance + perSecond * (now - lastTick) / 1e9);
      lastTick = now;
      budget = (int) allowance;
      allowance -= budget;
    }
    if (budget > 0) {
      int sent = sendDue(budget);
      if (sent < budget) {
        synchronized (this) {
          allowance = Math.min(Math.max(1, perSecond), allowance + budget - sent);
        }
      }
    }
  }

  /**
   * Claims up to {@code max} unmailed recipients (committed at once, skipping those another
   * node holds) and mails them; returns how many were claimed.
   */
  int sendDue(int max) {
    if (!mailer.isConfigured()) {
      return 0;
    }
    List<long[]> claimed =
        transaction.execute(
            tx -> jdbc.sql(
                """
                    update admin_mailing_recipients r set claimed_at = now()
                    from (select mailing_id, user_id from admin_mailing_recipients
                          where claimed_at is null order by mailing_id, user_id limit ? for update skip locked) due
                    where r.mailing_id = due.mailing_id and r.user_id = due.user_id
                    returning r.mailing_id, r.user_id""")
                .param(max)
                .query((rs, i) -> new long[] {rs.getLong("mailing_id"), rs.getLong("user_id")})
                .list());
    if (claimed.isEmpty()) {
      finishDone();
      return 0;
    }
    Map<Long, Recipient> wanted =
        accounts.stillRecipients(claimed.stream().map(c -> c[1]).distinct().toList()).stream()
            .collect(Collectors.toMap(Recipient::userId, Function.identity()));
    for (long[] claim : claimed) {
      Recipient recipient = wanted.get(claim[1]);
      String outcome;
      if (recipient == null) {
        outcome = "skipped: opted out, no address or disabled since";
      } else {
        MailPreview mail = mailing(claim[0]);
        try {
          mailer.sendNow(recipient.email(), mail.subject(), mail.text(), mail.html());
          outcome = "sent";
        } catch (MailException e) {
          log.warn("Mass mail {} to user {} failed: {}", claim[0], claim[1], e.getMessage());
          outcome = "failed: " + e.getMessage();
        }
      }
      jdbc.sql(
          """
              update admin_mailing_recipients set outcome = ?, sent_at = case when ? then now() end
              where mailing_id = ? and user_id = ?""")
          .params(outcome, outcome.equals("sent"), claim[0], claim[1])
          .update();
    }
    finishDone();
    return claimed.size();
  }

  /**
   * A mailing is finished once nobody is left to claim and no claim is still being mailed
   * (another node may be sending its batch right now). A claim without an outcome after ten
   * minutes is a node that died while sending: that mail is not sent again (at most once).
   */
  private void finishDone() {
    jdbc.sql(
        """
            update admin_mailings m set finished_at = now()
            where finished_at is null
              and not exists (select 1 from admin_mailing_recipients r
                              where r.mailing_id = m.id
                                and (r.claimed_at is null
                                     or (r.outcome is null and r.claimed_at > now() - interval '10 minutes')))""")
        .update();
  }

  private MailPreview mailing(long id) {
    return renderedMailings.computeIfAbsent(
        id,
        key -> jdbc.sql("select subject, body_markdown from admin_mailings where id = ?")
            .param(key)
            .query((rs, i) -> render(rs.getString("subject"), rs.getString("body_markdown")))
            .single());
  }

  /** Recipients not yet claimed, over every unfinished mailing: the mail queue's depth. */
  long unsent() {
    return jdbc.sql("select count(*) from admin_mailing_recipients where claimed_at is null").query(Long.class)
        .single();
  }

  List<MailingRow> recent(int limit) {
    return jdbc.sql(
        """
            select m.id, m.subject, m.created_by, m.created_at, m.finished_at,
                   count(r.user_id) as recipients, count(r.claimed_at) as claimed, count(r.sent_at) as sent
            from admin_mailings m left join admin_mailing_recipients r on r.mailing_id = m.id
            group by m.id order by m.created_at desc, m.id desc limit ?""")
        .param(limit)
        .query((rs, i) -> new MailingRow(
            rs.getLong("id"),
            rs.getString("subject"),
            rs.getString("created_by"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
            rs.getLong("recipients"),
            rs.getLong("claimed"),
            rs.getLong("sent")))
        .list();
  }

  /** Only for tests: how each recipient of a mailing fared (user id → outcome, null while unclaimed). */
  Map<Long, String> outcomes(long mailingId) {
    Map<Long, String> outcomes = new HashMap<>();
    jdbc.sql("select user_id, outcome, claimed_at from admin_mailing_recipients where mailing_id = ?")
        .param(mailingId)
        .query(rs -> {
          outcomes.put(rs.getLong("user_id"), rs.getString("outcome"));
        });
    return outcomes;
  }

  List<Long> recipients(long mailingId) {
    return new ArrayList<>(outcomes(mailingId).keySet());
  }
}
