package net.codestats.xp;

import net.codestats.account.Accounts;
import net.codestats.pulse.PublicXp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The public language list's view of the aggregates: languages with XP of public profiles. */
@Component
class PublicLanguageUse implements PublicXp {

  private final JdbcClient jdbc;
  private final Accounts accounts;

  PublicLanguageUse(JdbcClient jdbc, Accounts accounts) {
    this.jdbc = jdbc;
    this.accounts = accounts;
  }

  @Override
  public long[] countedLanguageIds() {
    return jdbc.sql(
        """
            select distinct language_id from user_language_xp
            where xp > 0 and not (user_id = any(?))""")
        .param(privateUserIds())
        .query(Long.class)
        .list()
        .stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  @Override
  public long[] privateUserIds() {
    return accounts.privateUserIds();
  }
}
