package net.codestats.xp;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguages;
import net.codestats.machine.Machines;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the leaderboards rank: public users' XP per language, all time or since a whole UTC
 * hour, from the aggregates (never from raw pulses). The boards' SQL lives here only, so that
 * what a public path leaves out (private profiles, and the {@link Exclusions} passed in) is
 * left out in one place.
 */
@Service
public class BoardXp {

  private final JdbcClient jdbc;
  private final Accounts accounts;
  private final Machines machines;
  private final HiddenLanguages hiddenLanguages;

  BoardXp(JdbcClient jdbc, Accounts accounts, Machines machines, HiddenLanguages hiddenLanguages) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.machines = machines;
    this.hiddenLanguages = hiddenLanguages;
  }

  /**
   * The given users left out, and with them every machine and language that a public profile
   * hides: a board is a public path, so it counts only what the profiles show.
   */
  @Transactional(readOnly = true)
  public Exclusions publicView(Set<Long> excludedUsers) {
    return new Exclusions(
        excludedUsers,
        machines.allHidden().stream()
            .map(machine -> new UserMachine(machine.userId(), machine.id()))
            .collect(Collectors.toSet()),
        hiddenLanguages.all().stream()
            .map(entry -> new UserLanguage(entry.userId(), entry.languageId()))
            .collect(Collectors.toSet()));
  }

  /** One user's XP in one language (as counted: aliases under their target). */
  public record UserLanguageXp(long userId, long languageId, long xp) {}

  /** A user's machine whose XP is left out of the boards. */
  public record UserMachine(long userId, long machineId) {}

  /** A user's language whose XP is left out of the boards. */
  public record UserLanguage(long userId, long languageId) {}

  /**
   * What to leave out besides private profiles: whole users (taken off the boards), and single
   * machines or languages of a user (hidden from the public profile).
   */
  public record Exclusions(Set<Long> users, Set<UserMachine> machines, Set<UserLanguage> languages) {
    public static final Exclusions NONE = new Exclusions(Set.of(), Set.of(), Set.of());

    public Exclusions {
      users = Set.copyOf(users);
      machines = Set.copyOf(machines);
      languages = Set.copyOf(languages);
    }
  }

  /**
   * Public users' XP per language: all time when {@code since} is null, else from {@code since}
   * (truncated down to its UTC hour, the aggregate's grain). Rows with no XP are left out.
   */
  @Transactional(readOnly = true)
  public List<UserLanguageXp> xpByUserAndLanguage(Instant since, Exclusions exclusions) {
    long[] leftOut = leftOutUsers(exclusions);
    long[][] machines = pairs(exclusions.machines().stream().map(m -> new long[] {m.userId(), m.machineId()}).toList());
    long[][] languages =
        pairs(exclusions.languages().stream().map(l -> new long[] {l.userId(), l.languageId()}).toList());
    // all time without hidden machines: the per-language totals; otherwise the UTC-hour rows,
    // which know the machine (a hidden machine's XP is then left out of every window alike)
    boolean allTime = since == null && machines[0].length == 0;
    String rows =
        allTime
            ? "select user_id, language_id, xp from user_language_xp"
            : """
                select user_id, language_id, sum(xp) as xp from user_utc_hour_xp
                where (cast(:since as timestamptz) is null or utc_hour >= :since)
                  and (user_id, machine_id) not in (select * from unnest(cast(:mu as bigint[]), cast(:mm as bigint[])))
                group by 1, 2""";
    return jdbc.sql(
        "select user_id, language_id, xp from (" + rows + ") r "
            + """
                where xp > 0 and not (user_id = any(cast(:users as bigint[])))
                  and (user_id, language_id) not in (select * from unnest(cast(:lu as bigint[]), cast(:ll as bigint[])))""")
        .param("since", since == null ? null : Timestamp.from(since))
        .param("mu", machines[0])
        .param("mm", machines[1])
        .param("users", leftOut)
        .param("lu", languages[0])
        .param("ll", languages[1])
        .query((rs, i) -> new UserLanguageXp(rs.getLong("user_id"), rs.getLong("language_id"), rs.getLong("xp")))
        .list();
  }

  /** Whether any public user (as {@link #xpByUserAndLanguage} counts them) has XP in the language. */
  @Transactional(readOnly = true)
  public boolean hasPublicXp(long languageId, Exclusions exclusions) {
    long[][] languages =
        pairs(exclusions.languages().stream().map(l -> new long[] {l.userId(), l.languageId()}).toList());
    return jdbc.sql(
        """
            select exists (select 1 from user_language_xp
                           where language_id = :language and xp > 0 and not (user_id = any(cast(:users as bigint[])))
                             and (user_id, language_id) not in
                                 (select * from unnest(cast(:lu as bigint[]), cast(:ll as bigint[]))))""")
        .param("language", languageId)
        .param("users", leftOutUsers(exclusions))
        .param("lu", languages[0])
        .param("ll", languages[1])
        .query(Boolean.class)
        .single();
  }

  private long[] leftOutUsers(Exclusions exclusions) {
    long[] hidden = accounts.privateUserIds();
    long[] all = new long[hidden.length + exclusions.users().size()];
    System.arraycopy(hidden, 0, all, 0, hidden.length);
    int i = hidden.length;
    for (long user : exclusions.users()) {
      all[i++] = user;
    }
    return all;
  }

  /** Pairs as two parallel arrays, for {@code unnest}. */
  private static long[][] pairs(List<long[]> pairs) {
    long[] a = new long[pairs.size()];
    long[] b = new long[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      a[i] = pairs.get(i)[0];
      b[i] = pairs.get(i)[1];
    }
    return new long[][] {a, b};
  }
}
