package net.codestats.account;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The languages a user hides from their public profile: a preference of the account, kept by
 * language id (the names are the pulse module's). Each change is a {@link
 * HiddenLanguagesChanged} in its transaction.
 */
@Service
public class HiddenLanguages {

  /** One user's hidden language. */
  public record Entry(long userId, long languageId) {}

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  HiddenLanguages(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** The ids of the languages the user hides. */
  public Set<Long> of(long userId) {
    return new HashSet<>(
        jdbc.sql("select language_id from hidden_languages where user_id = ?")
            .param(userId)
            .query(Long.class)
            .list());
  }

  /** Every hidden language of every user: for figures over many profiles. */
  public List<Entry> all() {
    return jdbc.sql("select user_id, language_id from hidden_languages")
        .query((rs, i) -> new Entry(rs.getLong("user_id"), rs.getLong("language_id")))
        .list();
  }

  /** Hides the language (or shows it again); nothing happens when it already is so. */
  @Transactional
  public void setHidden(long userId, long languageId, boolean hidden) {
    int changed =
        hidden
            ? jdbc.sql(
                "insert into hidden_languages (user_id, language_id) values (?, ?) on conflict do nothing")
                .params(userId, languageId)
                .update()
            : jdbc.sql("delete from hidden_languages where user_id = ? and language_id = ?")
                .params(userId, languageId)
                .update();
    if (changed > 0) {
      events.publishEvent(new HiddenLanguagesChanged(userId));
    }
  }
}
