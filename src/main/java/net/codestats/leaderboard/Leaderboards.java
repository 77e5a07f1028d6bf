package net.codestats.leaderboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.codestats.account.AccountChanged;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.account.UsernamePaths;
import net.codestats.pulse.Languages;
import net.codestats.system.ClusterSignals;
import net.codestats.xp.BoardXp;
import net.codestats.xp.LevelMaths;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The boards, from a snapshot of the aggregates kept in memory on each node and recomputed
 * in the background about once a minute (sooner, but not more than every few seconds, after
 * a profile's privacy or a board exclusion changed): a view reads the snapshot and never
 * waits for a recomputation, except for the very first one.
 *
 * <p>Ranked XP is the aggregates' XP in the window minus the part beyond the plausible rate
 * ({@link Plausibility}). Private profiles and excluded users are neither shown nor counted.
 */
@Service
@EnableConfigurationProperties(LeaderboardSettings.class)
public class Leaderboards {

  public static final int PAGE_SIZE = 50;
  /** The overall board's language id in {@link BoardKey}. */
  private static final long OVERALL = 0;
  /** The soonest a change of privacy or exclusions recomputes the boards after the last time. */
  private static final Duration SOONEST = Duration.ofSeconds(5);

  private final BoardXp boardXp;
  private final Plausibility plausibility;
  private final Accounts accounts;
  private final Languages languages;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Duration maxAge;
  private final long maxXpPerMinute;
  private final ReentrantLock computing = new ReentrantLock();
  private volatile Snapshot snapshot;
  private volatile boolean dirty;

  Leaderboards(
      BoardXp boardXp,
      Plausibility plausibility,
      Accounts accounts,
      Languages languages,
      JdbcClient jdbc,
      ApplicationEventPublisher events,
      Clock clock,
      LeaderboardSettings settings) {
    this.boardXp = boardXp;
    this.plausibility = plausibility;
    this.accounts = accounts;
    this.languages = languages;
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
    this.maxAge = settings.maxAge();
    this.maxXpPerMinute = settings.maxXpPerMinute();
  }

  private record BoardKey(BoardWindow window, long languageId) {}

  private record PageKey(BoardKey board, int page) {}

  /** One board: users by ranked XP, most first (ties by user id), with their ranks. */
  private record Board(long[] users, long[] xp, int[] ranks, boolean[] flagged, Map<Long, Integer> positions) {}

  /**
   * @param totalXp each ranked user's total XP (for the level)
   * @param languageBoards the languages with an all-time board, most users first
   * @param pages pages built from this snapshot, on first view
   */
  private record Snapshot(
      Instant computedAt,
      Map<BoardWindow, Instant> since,
      Map<BoardKey, Board> boards,
      Map<Long, Long> totalXp,
      Map<Long, String> languageNames,
      List<LanguageBoard> languageBoards,
      Set<Long> excluded,
      Map<PageKey, BoardPage> pages) {}

  // ---- the boards ----

  /**
   * The language a board path or parameter names (case-insensitive, aliases followed): its
   * counted id, when some public profile has XP in it; otherwise empty (a 404, as for a
   * language that does not exist, so that names only private users sent stay unknown).
   */
  public Optional<Long> language(String name) {
    var found = languages.lookUp(name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    long id = found.get().countedId();
    Snapshot current = current();
    if (current.boards().containsKey(new BoardKey(BoardWindow.ALL, id))) {
      return Optional.of(id);
    }
    // new since the snapshot: shown (empty until the next one) if public XP exists
    return boardXp.hasPublicXp(id, exclusionsForBoards(current.excluded()))
        ? Optional.of(id)
        : Optional.empty();
  }

  /** The display name of a language that {@link #language} found. */
  public String languageName(long languageId) {
    String name = current().languageNames().get(languageId);
    return name != null ? name : languages.names(List.of(languageId)).getOrDefault(languageId, "");
  }

  /** A language with a board: its name and how many users it ranks (all time). */
  public record LanguageBoard(String name, long users) {}

  /** The languages with an all-time board, most users first. */
  public List<LanguageBoard> languageBoards(int limit) {
    return current().languageBoards().stream().limit(limit).toList();
  }

  private static List<LanguageBoard> languageBoards(Map<BoardKey, Board> boards, Map<Long, String> names) {
    return boards.entrySet().stream()
        .filter(b -> b.getKey().window() == BoardWindow.ALL && b.getKey().languageId() != OVERALL)
        .map(b -> new LanguageBoard(names.get(b.getKey().languageId()), b.getValue().users().length))
        .filter(b -> b.name() != null)
        .sorted(Comparator.comparingLong(LanguageBoard::users).reversed().thenComparing(LanguageBoard::name))
        .toList();
  }

  /**
   * One page (from 1) of a board; {@code languageId} null for the overall board. A page past
   * the last one has no entries.
   */
  public BoardPage page(BoardWindow window, Long languageId, int page) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1");
    }
    Snapshot current = current();
    var key = new BoardKey(window, languageId == null ? OVERALL : languageId);
    Board board = current.boards().get(key);
    int pages = board == null ? 1 : Math.max(1, (board.users().length + PAGE_SIZE - 1) / PAGE_SIZE);
    if (page > pages) {
      return build(current, new PageKey(key, page)); // not kept: any number may be asked for
    }
    return current.pages().computeIfAbsent(new PageKey(key, page), k -> build(current, k));
  }

  private BoardPage build(Snapshot current, PageKey key) {
    Board board = current.boards().get(key.board());
    int total = board == null ? 0 : board.users().length;
    int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    var entries = new ArrayList<BoardPage.Entry>();
    int from = (int) Math.min((long) (key.page() - 1) * PAGE_SIZE, total);
    for (int i = from; i < Math.min(from + PAGE_SIZE, total); i++) {
      // a profile turned private since the snapshot is left out at once
      User user = accounts.lookUp(board.users()[i]).filter(u -> !u.privateProfile()).orElse(null);
      if (user == null) {
        continue;
      }
      String segment = UsernamePaths.toSegment(user.username());
      entries.add(
          new BoardPage.Entry(
              board.ranks()[i],
              user.username(),
              "/users/" + segment,
              "/avatar/" + segment,
              LevelMaths.level(current.totalXp().getOrDefault(user.id(), 0L)),
              board.xp()[i],
              board.flagged()[i]));
    }
    long languageId = key.board().languageId();
    return new BoardPage(
        key.board().window().key(),
        key.board().window().label(),
        languageId == OVERALL ? null : languageName(languageId),
        current.since().get(key.board().window()),
        current.computedAt(),
        key.page(),
        pages,
        PAGE_SIZE,
        total,
        List.copyOf(entries));
  }

  /** Where a signed-in user stands on a board, even when off the page shown. */
  public OwnRank ownRank(long userId, BoardWindow window, Long languageId) {
    Snapshot current = current();
    Board board = current.boards().get(new BoardKey(window, languageId == null ? OVERALL : languageId));
    long of = board == null ? 0 : board.users().length;
    if (accounts.lookUp(userId).map(User::privateProfile).orElse(true)) {
      return new OwnRank(OwnRank.Standing.PRIVATE, 0, of, false);
    }
    if (current.excluded().contains(userId)) {
      return new OwnRank(OwnRank.Standing.EXCLUDED, 0, of, false);
    }
    Integer at = board == null ? null : board.positions().get(userId);
    if (at == null) {
      return new OwnRank(OwnRank.Standing.NOT_ON_BOARD, 0, of, false);
    }
    return new OwnRank(OwnRank.Standing.RANKED, board.ranks()[at], of, board.flagged()[at]);
  }

  /** The plausible rate: XP per UTC minute beyond it is not ranked. */
  public long maxXpPerMinute() {
    return maxXpPerMinute;
  }

  /** When the boards shown now were computed. */
  public Instant computedAt() {
    return current().computedAt();
  }

  // ---- administration ----

  /** Takes a user off the boards (their profile stays as it is); shown within seconds. */
  public void exclude(long userId, long excludedBy) {
    jdbc.sql(
        """
            insert into leaderboard_exclusions (user_id, excluded_by, excluded_at) values (?, ?, ?)
            on conflict (user_id) do nothing""")
        .params(userId, excludedBy, Timestamp.from(clock.instant()))
        .update();
    dirty = true;
    events.publishEvent(new ExclusionsChanged(userId));
  }

  /** Whether an admin took the user off the boards. */
  public boolean isExcluded(long userId) {
    return jdbc.sql("select exists (select 1 from leaderboard_exclusions where user_id = ?)")
        .param(userId)
        .query(Boolean.class)
        .single();
  }

  /** Puts an excluded user back on the boards. */
  public void include(long userId) {
    jdbc.sql("delete from leaderboard_exclusions where user_id = ?").param(userId).update();
    dirty = true;
    events.publishEvent(new ExclusionsChanged(userId));
  }

  /** A user taken off the boards. */
  public record Exclusion(long userId, String username, Long excludedBy, Instant excludedAt) {}

  public List<Exclusion> exclusions() {
    return jdbc.sql("select user_id, excluded_by, excluded_at from leaderboard_exclusions order by excluded_at desc")
        .query(
            (rs, i) -> new Exclusion(
                rs.getLong("user_id"),
                accounts.findById(rs.getLong("user_id")).map(User::username).orElse(null),
                (Long) rs.getObject("excluded_by"),
                rs.getTimestamp("excluded_at").toInstant()))
        .list();
  }

  /**
   * A user some of whose XP was beyond the plausible rate (and so not ranked).
   *
   * @param unrankedXp all their unranked XP
   * @param lastHour the last UTC hour with unranked XP
   * @param excluded whether they are taken off the boards already
   */
  public record FlaggedUser(String username, long userId, long unrankedXp, Instant lastHour, boolean excluded) {}

  /** The flagged users, most recent first. */
  public List<FlaggedUser> flagged() {
    Set<Long> excluded = excludedUsers();
    var flagged = new ArrayList<FlaggedUser>();
    for (var f : plausibility.flagged()) {
      accounts.findById(f.userId())
          .ifPresent(u -> flagged.add(
              new FlaggedUser(u.username(), u.id(), f.unrankedXp(), f.lastHour(), excluded.contains(u.id()))));
    }
    return flagged;
  }

  private Set<Long> excludedUsers() {
    return new HashSet<>(jdbc.sql("select user_id from leaderboard_exclusions").query(Long.class).list());
  }

  // ---- the snapshot ----

  /** Recomputes the boards now (administration, tests); views never wait for this. */
  public void refresh() {
    computing.lock();
    try {
      dirty = false;
      snapshot = compute();
    } finally {
      computing.unlock();
    }
  }

  /** Recomputes when the boards are about to be a minute old, or soon after a privacy change. */
  @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
  void tick() {
    Snapshot current = snapshot;
    if (current == null) {
      return; // the first view computes it
    }
    Duration age = Duration.between(current.computedAt(), clock.instant());
    // a few seconds early, so that what is shown is never older than maxAge
    Duration due = maxAge.minus(SOONEST).isNegative() ? maxAge : maxAge.minus(SOONEST);
    if (age.compareTo(due) >= 0 || age.isNegative() || (dirty && age.compareTo(SOONEST) >= 0)) {
      refresh();
    }
  }

  /** A profile turned private: off every page at once, recounted soon. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void accountChanged(AccountChanged changed) {
    dirty = true;
    Snapshot current = snapshot;
    if (current != null) {
      current.pages().clear();
    }
  }

  /** An exclusion changed (on another node: here it was marked at once): recounted soon. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void exclusionsChanged(ExclusionsChanged changed) {
    dirty = true;
  }

  /** Messages from other nodes may have been lost: recounted soon, and no page kept from before. */
  @EventListener
  void clusterSignalsResumed(ClusterSignals.Resumed resumed) {
    accountChanged(null);
  }

  private Snapshot current() {
    Snapshot current = snapshot;
    if (current != null) {
      return current;
    }
    computing.lock();
    try {
      if (snapshot == null) {
        snapshot = compute();
      }
      return snapshot;
    } finally {
      computing.unlock();
    }
  }

  /** What the boards leave out: excluded users, and what public profiles hide. */
  private BoardXp.Exclusions exclusionsForBoards(Set<Long> excluded) {
    return boardXp.publicView(excluded);
  }

  private Snapshot compute() {
    Instant now = clock.instant();
    Set<Long> excluded = Set.copyOf(excludedUsers());
    BoardXp.Exclusions exclusions = exclusionsForBoards(excluded);
    var since = new EnumMap<BoardWindow, Instant>(BoardWindow.class);
    var boards = new HashMap<BoardKey, Board>();
    Map<Long, Long> totalXp = new HashMap<>();
    Set<Long> languageIds = new HashSet<>();
    for (BoardWindow window : BoardWindow.values()) {
      Instant start = window.since(now);
      since.put(window, start);
      // (user, language) → [xp, unranked]
      Map<Long, Map<Long, long[]>> xp = new HashMap<>();
      for (var row : boardXp.xpByUserAndLanguage(start, exclusions)) {
        xp.computeIfAbsent(row.userId(), u -> new HashMap<>()).put(row.languageId(), new long[] {row.xp(), 0});
        if (window == BoardWindow.ALL) {
          totalXp.merge(row.userId(), row.xp(), Long::sum);
        }
      }
      for (var row : plausibility.unrankedSince(start)) {
        var byLanguage = xp.get(row.userId());
        long[] cell = byLanguage == null ? null : byLanguage.get(row.languageId());
        if (cell != null) {
          cell[1] += row.xp();
        }
      }
      var perBoard = new HashMap<Long, List<long[]>>(); // language → [user, ranked, flagged]
      xp.forEach((user, byLanguage) -> {
        long sum = 0;
        boolean flaggedOverall = false;
        for (var cell : byLanguage.entrySet()) {
          long ranked = Math.max(0, cell.getValue()[0] - cell.getValue()[1]);
          boolean flagged = cell.getValue()[1] > 0;
          flaggedOverall |= flagged;
          sum += ranked;
          if (ranked > 0) {
            perBoard.computeIfAbsent(cell.getKey(), l -> new ArrayList<>())
                .add(new long[] {user, ranked, flagged ? 1 : 0});
          }
        }
        if (sum > 0) {
          perBoard.computeIfAbsent(OVERALL, l -> new ArrayList<>()).add(new long[] {user, sum, flaggedOverall ? 1 : 0});
        }
      });
      perBoard.forEach((language, rows) -> {
        boards.put(new BoardKey(window, language), board(rows));
        languageIds.add(language);
      });
    }
    languageIds.remove(OVERALL);
    Map<Long, String> names = Map.copyOf(languages.names(languageIds));
    return new Snapshot(
        now, Collections.unmodifiableMap(since), Map.copyOf(boards), Map.copyOf(totalXp), names,
        languageBoards(boards, names), excluded, new ConcurrentHashMap<>());
  }

  /** Rows (user, XP, flagged) ranked: most XP first, ties by user id, sharing a rank (1, 2, 2, 4). */
  private static Board board(List<long[]> rows) {
    long[][] sorted = rows.toArray(long[][]::new);
    Arrays.sort(sorted, Comparator.<long[]>comparingLong(r -> -r[1]).thenComparingLong(r -> r[0]));
    int n = sorted.length;
    long[] users = new long[n];
    long[] xp = new long[n];
    int[] ranks = new int[n];
    boolean[] flagged = new boolean[n];
    Map<Long, Integer> positions = HashMap.newHashMap(n);
    for (int i = 0; i < n; i++) {
      users[i] = sorted[i][0];
      xp[i] = sorted[i][1];
      ranks[i] = i > 0 && xp[i] == xp[i - 1] ? ranks[i - 1] : i + 1;
      flagged[i] = sorted[i][2] == 1;
      positions.put(users[i], i);
    }
    return new Board(users, xp, ranks, flagged, positions);
  }
}
