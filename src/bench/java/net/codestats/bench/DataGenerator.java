package net.codestats.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import net.codestats.machine.BenchTokens;
import net.codestats.xp.BenchAggregates;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills an empty Code::Stats database with realistic users, reproducibly from a seed: one
 * heavy user (three years of daily coding on several machines in several time zones, with
 * DST, at least {@code heavyXpRows} XP rows), many light users, and the users the benchmarks
 * send as. Raw rows go in through COPY; the aggregates are then rebuilt per user by the
 * server's own {@code Aggregates.rebuild}.
 */
final class DataGenerator {

  record Options(long seed, int lightUsers, long heavyXpRows, int loadMachines) {}

  private static final List<String> LANGUAGES =
      List.of(
          "Java", "SQL", "Markdown", "Python", "JavaScript", "TypeScript", "Elixir", "Rust", "Go",
          "Kotlin", "C", "C++", "C#", "HTML", "CSS", "Shell", "YAML", "JSON", "Dockerfile", "Lua",
          "Ruby", "PHP", "Haskell", "Scala", "Clojure", "Erlang", "Swift", "Dart", "Zig", "Nim",
          "OCaml", "F#", "R", "Julia", "Perl", "Vim script", "Emacs Lisp", "TOML", "XML", "Plain text");
  private static final List<String> ZONES =
      List.of(
          "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Europe/London", "America/Sao_Paulo",
          "Australia/Sydney", "Asia/Kolkata", "UTC", "America/New_York", "Europe/Helsinki");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Options options;
  private final SplittableRandom random;
  private final BenchTokens tokens = new BenchTokens(BenchEnvironment.SECRET_KEY);
  private final Instant now = Instant.now();
  private Map<String, Long> languageIds;
  private CopyManager copy;
  private final StringBuilder pulses = new StringBuilder(1 << 23);
  private final StringBuilder xps = new StringBuilder(1 << 23);
  private long nextPulseId;
  private long xpRows;

  /** The name of the user of {@link Dataset#loadMachines()} entry {@code index}. */
  static String loadUser(int index) {
    return "bench-load-%03d".formatted(index + 1);
  }

  DataGenerator(DataSource dataSource, Options options) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  Dataset generate() throws SQLException {
    long started = System.nanoTime();
    languageIds = languages();
    var heavy = user("bench-heavy", now.minusSeconds(3L * 366 * 86400), false);
    var privateUser = user("bench-private", now.minusSeconds(400L * 86400), true);
    var fanout = user("bench-live", now.minusSeconds(30L * 86400), false);
    var load = new ArrayList<Dataset.LoadMachine>();
    for (int i = 1; i <= options.loadMachines(); i++) {
      long userId = user(loadUser(i - 1), now.minusSeconds(86400), false);
      var machine = machine(userId, "load");
      load.add(new Dataset.LoadMachine(userId, machine.id(), machine.token()));
    }
    var heavyMachines =
        List.of(
            machine(heavy, "Laptop"), machine(heavy, "Desktop"), machine(heavy, "Work"), machine(heavy, "Server"));
    var privateMachine = machine(privateUser, "secret-laptop");
    var fanoutMachine = machine(fanout, "live");
    var lightUsers = new ArrayList<Long>();
    var lightMachines = new HashMap<Long, List<Machine>>();
    for (int i = 1; i <= options.lightUsers(); i++) {
      long userId = user("user-%05d".formatted(i), now.minusSeconds(random.nextLong(30, 1500) * 86400), false);
      lightUsers.add(userId);
      var machines = new ArrayList<Machine>();
      for (int m = 0; m < 1 + random.nextInt(3); m++) {
        machines.add(machine(userId, List.of("laptop", "desktop", "work").get(m)));
      }
      lightMachines.put(userId, machines);
    }
    long usersDone = System.nanoTime();

    long heavyRows;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      // generated rows are consistent by construction; skipping the FK triggers makes COPY fast
      connection.createStatement().execute("set local session_replication_role = replica");
      copy = connection.unwrap(PGConnection.class).getCopyAPI();
      nextPulseId =
          jdbc.sql("select coalesce(max(id), 0) + 1 from pulses").query(Long.class).single();
      heavyPulses(heavy, heavyMachines);
      heavyRows = xpRows;
      lightPulses(privateUser, List.of(privateMachine), ZoneId.of("Europe/Paris"), 60);
      lightPulses(fanout, List.of(fanoutMachine), ZoneId.of("UTC"), 20);
      for (long userId : lightUsers) {
        lightPulses(userId, lightMachines.get(userId), ZoneId.of(ZONES.get(random.nextInt(ZONES.size()))),
            random.nextInt(1, 30));
      }
      flush();
      var statement = connection.createStatement();
      statement.execute("select setval(pg_get_serial_sequence('pulses', 'id'), (select max(id) from pulses))");
      connection.commit();
    }
    long copied = System.nanoTime();

    var aggregates = new BenchAggregates(dataSource);
    var all = new ArrayList<Long>(List.of(heavy, privateUser, fanout));
    all.addAll(lightUsers);
    for (long userId : all) {
      aggregates.rebuild(userId);
    }
    long rebuilt = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      connection.createStatement().execute("vacuum analyze");
    }
    long analyzed = System.nanoTime();

    String summary =
        "seed %d: %d users (%d light), %d pulses, %d XP rows (heavy user %d); users %.1f s, COPY %.1f s, rebuild %.1f s, analyze %.1f s"
            .formatted(
                options.seed(), all.size() + load.size(), lightUsers.size(), nextPulseId - 1, xpRows, heavyRows,
                seconds(started, usersDone), seconds(usersDone, copied), seconds(copied, rebuilt),
                seconds(rebuilt, analyzed));
    return new Dataset(
        options.seed(), "bench-heavy", heavy, heavyRows, "bench-private", privateMachine.token(),
        "bench-live", fanoutMachine.token(), List.copyOf(load),
        Dataset.PULSE_LANGUAGES.stream().map(languageIds::get).toList(), summary);
  }

  /**
   * Three years of coding: weekday work hours on the work machine, evenings and weekends at
   * home, travel weeks on the laptop in other time zones, a little on a server in UTC.
   */
  private void heavyPulses(long userId, List<Machine> machines) throws SQLException {
    LocalDate first = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(3);
    LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long days = last.toEpochDay() - first.toEpochDay() + 1;
    double meanPulsesPerDay = options.heavyXpRows() * 1.05 / (days * 3.0);
    ZoneId home = ZoneId.of("Europe/Helsinki");
    List<String> favourites = LANGUAGES.subList(0, 26);
    long target = xpRows + options.heavyXpRows();
    List<String> project = pick(favourites, 3);
    for (int pass = 0; xpRows < target; pass++) {
      for (LocalDate day = first; !day.isAfter(last) && xpRows < target; day = day.plusDays(1)) {
        if (day.getDayOfMonth() % 21 == 0) {
          project = pick(favourites, 3);
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        long week = day.toEpochDay() / 7;
        boolean travelling = week % 17 == 3 || week % 17 == 4;
        ZoneId travelZone = ZoneId.of(week % 34 < 17 ? "America/New_York" : "Asia/Kolkata");
        double expected = meanPulsesPerDay * (weekend ? 0.5 : 1.2) * (0.4 + random.nextDouble() * 1.2);
        int count = (int) expected + (random.nextDouble() < expected % 1 ? 1 : 0);
        for (int i = 0; i < count; i++) {
          Machine machine;
          ZoneId zone;
          int minute;
          if (travelling) {
            machine = machines.get(0);
            zone = travelZone;
            minute = random.nextInt(8 * 60, 23 * 60);
          } else if (!weekend && random.nextInt(10) < 6) {
            machine = machines.get(2);
            zone = home;
            minute = random.nextInt(9 * 60, 17 * 60);
          } else if (random.nextInt(20) == 0) {
            machine = machines.get(3);
            zone = ZoneOffset.UTC;
            minute = random.nextInt(0, 24 * 60);
          } else {
            machine = machines.get(random.nextInt(2));
            zone = home;
            minute = random.nextInt(18 * 60, 24 * 60 + 90) % (24 * 60);
          }
          var local = day.atStartOfDay().plusMinutes(minute).plusSeconds(random.nextInt(60) + pass * 7L);
          int languages = 1 + random.nextInt(5);
          var names = new ArrayList<String>(languages);
          for (int l = 0; l < languages; l++) {
            names.add(random.nextInt(4) > 0 ? project.get(l % 3) : favourites.get(random.nextInt(favourites.size())));
          }
          pulse(userId, machine, zone, local, names.stream().distinct().toList(), 60);
        }
      }
    }
  }

  private void lightPulses(long userId, List<Machine> machines, ZoneId zone, int activeDays) throws SQLException {
    List<String> favourites = pick(LANGUAGES, 1 + random.nextInt(4));
    LocalDate today = LocalDate.ofInstant(now, zone);
    for (int d = 0; d < activeDays; d++) {
      LocalDate day = today.minusDays(random.nextInt(365));
      int count = random.nextInt(5, 60);
      int start = random.nextInt(6 * 60, 20 * 60);
      Machine machine = machines.get(random.nextInt(machines.size()));
      for (int i = 0; i < count; i++) {
        var local = day.atStartOfDay().plusMinutes(start + i).plusSeconds(random.nextInt(60));
        pulse(userId, machine, zone, local, pick(favourites, 1 + random.nextInt(Math.min(3, favourites.size()))), 40);
      }
    }
  }

  private void pulse(long userId, Machine machine, ZoneId zone, LocalDateTime local, List<String> names, int maxXp)
      throws SQLException {
    ZoneOffset offset = zone.getRules().getOffset(local);
    Instant sentAt = local.toInstant(offset);
    if (sentAt.isAfter(now.minusSeconds(60))) {
      return;
    }
    long id = nextPulseId++;
    LocalDateTime wallClock = LocalDateTime.ofInstant(sentAt, offset);
    pulses.append(id).append('\t').append(userId).append('\t').append(machine.id()).append('\t')
        .append(OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC).format(LOCAL)).append("+00\t")
        .append(offset.getTotalSeconds() / 60).append('\t').append(wallClock.format(LOCAL)).append('\t')
        .append(new UUID(random.nextLong(), random.nextLong())).append('\n');
    for (String name : names) {
      long language = languageIds.get(name);
      xps.append(id).append('\t').append(userId).append('\t').append(language).append('\t')
          .append(language).append('\t').append(1 + random.nextInt(maxXp)).append('\n');
      xpRows++;
    }
    if (xps.length() > (1 << 23) - 4096) {
      flush();
    }
  }

  private void flush() throws SQLException {
    try {
      copy.copyIn(
          "copy pulses (id, user_id, machine_id, sent_at, tz_offset, sent_at_local, fingerprint) from stdin",
          new java.io.ByteArrayInputStream(pulses.toString().getBytes(StandardCharsets.UTF_8)));
      copy.copyIn(
          "copy xps (pulse_id, user_id, language_id, original_language_id, amount) from stdin",
          new java.io.ByteArrayInputStream(xps.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    pulses.setLength(0);
    xps.setLength(0);
  }

  private Map<String, Long> languages() {
    for (String name : LANGUAGES) {
      jdbc.sql("insert into languages (name) values (?) on conflict ((lower(name))) do nothing").param(name).update();
    }
    var ids = new HashMap<String, Long>();
    jdbc.sql("select id, name from languages").query(rs -> {
      ids.put(rs.getString("name"), rs.getLong("id"));
    });
    return ids;
  }

  private long user(String name, Instant createdAt, boolean privateProfile) {
    return jdbc.sql(
        "insert into users (username, private_profile, created_at) values (?, ?, ?) returning id")
        .params(name, privateProfile, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  private Machine machine(long userId, String name) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    long id =
        jdbc.sql("insert into machines (user_id, name, token_salt) values (?, ?, decode(?, 'hex')) returning id")
            .params(userId, name, HexFormat.of().formatHex(salt))
            .query(Long.class)
            .single();
    return new Machine(id, tokens.token(id, salt));
  }

  private List<String> pick(List<String> from, int count) {
    var copy = new ArrayList<>(from);
    var picked = new ArrayList<String>(count);
    for (int i = 0; i < count && !copy.isEmpty(); i++) {
      picked.add(copy.remove(random.nextInt(copy.size())));
    }
    return picked;
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private record Machine(long id, String token) {}
}
