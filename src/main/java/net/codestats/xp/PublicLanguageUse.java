package net.codestats.xp;

import java.util.List;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguages;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.PublicXp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The public language list's view of the aggregates: languages with XP of public profiles,
 * not counting what a user hides (a hidden language, a hidden machine's XP).
 */
@Component
class PublicLanguageUse implements PublicXp {

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Machines machines;
  private final HiddenLanguages hiddenLanguages;

  PublicLanguageUse(JdbcClient jdbc, Accounts accounts, Machines machines, HiddenLanguages hiddenLanguages) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.machines = machines;
    this.hiddenLanguages = hiddenLanguages;
  }

  @Override
  public long[] countedLanguageIds() {
    List<Machine> hiddenMachines = machines.allHidden();
    List<HiddenLanguages.Entry> hidden = hiddenLanguages.all();
    if (hiddenMachines.isEmpty() && hidden.isEmpty()) {
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
    // a hidden machine's XP is taken off its user's language totals (per user, by the key)
    return jdbc.sql(
        """
            with hidden_machines as (
              select * from unnest(cast(:machine_users as bigint[]), cast(:machines as bigint[])) as m (user_id, machine_id)),
            hidden_share as (
              select u.user_id, u.language_id, sum(u.xp) as xp
              from hidden_machines m join user_utc_hour_xp u on u.user_id = m.user_id and u.machine_id = m.machine_id
              group by 1, 2)
            select distinct l.language_id from user_language_xp l
            left join hidden_share s on s.user_id = l.user_id and s.language_id = l.language_id
            where l.xp - coalesce(s.xp, 0) > 0 and not (l.user_id = any(cast(:private as bigint[])))
              and not exists (
                select 1 from unnest(cast(:language_users as bigint[]), cast(:languages as bigint[])) as h (user_id, language_id)
                where h.user_id = l.user_id and h.language_id = l.language_id)""")
        .param("machine_users", hiddenMachines.stream().mapToLong(Machine::userId).toArray())
        .param("machines", hiddenMachines.stream().mapToLong(Machine::id).toArray())
        .param("private", privateUserIds())
        .param("language_users", hidden.stream().mapToLong(HiddenLanguages.Entry::userId).toArray())
        .param("languages", hidden.stream().mapToLong(HiddenLanguages.Entry::languageId).toArray())
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
