package net.codestats.transfer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Languages.ResolvedLanguage;
import net.codestats.pulse.PulseWriter;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a pulse CSV ({@link PulseCsv}) into a user's account, in the background with
 * progress. Two passes over the file: the first checks every line (an error names the line
 * and nothing is stored), the second stores pulses in batches inside one transaction through
 * the {@link PulseWriter}, the same path as the pulse API's (the aggregates grow with each
 * batch). Memory stays flat whatever the file size.
 *
 * <p>Consecutive rows with the same times and machine form one pulse, identified as the pulse
 * API identifies a retry ({@link PulseWriter#fingerprint}, with the row's sent_at as the
 * instant): importing the same file again adds nothing, nor does importing one's own export.
 */
@Service
class PulseImports {

  private static final Logger log = LoggerFactory.getLogger(PulseImports.class);
  static final int BATCH_ROWS = 5_000;
  static final int MAX_LANGUAGES = 100_000;
  static final int MAX_MACHINES = 10_000;

  private final PulseWriter writer;
  private final Machines machines;
  private final Languages languages;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final Map<Long, ImportStatus> statuses = new ConcurrentHashMap<>();
  private final TaskExecutor importing;

  PulseImports(
      PulseWriter writer,
      Machines machines,
      Languages languages,
      PlatformTransactionManager transactions,
      ApplicationEventPublisher events,
      SimpleAsyncTaskExecutorBuilder executors) {
    this.writer = writer;
    this.machines = machines;
    this.languages = languages;
    this.transaction = new TransactionTemplate(transactions);
    this.events = events;
    // A virtual thread per import: it mostly waits on the file and the database.
    this.importing = executors.virtualThreads(true).threadNamePrefix("import-").build();
  }

  Optional<ImportStatus> status(long userId) {
    return Optional.ofNullable(statuses.get(userId));
  }

  /** Forgets the result of the user's last import once they have seen it (a running one stays). */
  void dismiss(long userId) {
    statuses.computeIfPresent(userId, (id, status) -> status.running() ? status : null);
  }

  /**
   * Starts importing a file that this service now owns (it is deleted afterwards).
   *
   * @return false when an import of this user is still running
   */
  boolean start(long userId, Path file) {
    var starting = new ImportStatus("running", "checking", 0, 0, "Checking the file…");
    ImportStatus before = statuses.get(userId);
    boolean started =
        before == null
            ? statuses.putIfAbsent(userId, starting) == null
            : !before.running() && statuses.replace(userId, before, starting);
    if (!started) {
      deleteQuietly(file);
      return false;
    }
    importing.execute(() -> run(userId, file));
    return true;
  }

  private void run(long userId, Path file) {
    try {
      statuses.put(userId, importFile(userId, file, progress -> statuses.put(userId, progress)));
    } catch (ImportError e) {
      statuses.put(userId, new ImportStatus("failed", "", 0, 0, e.getMessage() + " Nothing was imported."));
    } catch (RuntimeException e) {
      log.error("Import for user {} failed", userId, e);
      statuses.put(userId, new ImportStatus("failed", "", 0, 0, "The import failed. Nothing was imported."));
    } finally {
      deleteQuietly(file);
    }
  }

  /** Checks and imports the whole file, reporting progress; all or nothing. */
  ImportStatus importFile(long userId, Path file, Consumer<ImportStatus> progress) {
    // Pass 1: every line is checked before anything is stored.
    Set<String> languageNames = new HashSet<>();
    Map<String, String> machineNames = new HashMap<>(); // lower case → as written first
    long lines =
        read(
            file,
            row -> {
              if (languageNames.add(row.language()) && languageNames.size() > MAX_LANGUAGES) {
                throw new ImportError("Line " + row.line() + ": more than " + MAX_LANGUAGES + " languages.");
              }
              machineNames.putIfAbsent(row.machine().toLowerCase(Locale.ROOT), row.machine());
              if (machineNames.size() > MAX_MACHINES) {
                throw new ImportError("Line " + row.line() + ": more than " + MAX_MACHINES + " machines.");
              }
              if (row.line() % 10_000 == 0) {
                progress.accept(new ImportStatus("running", "checking", row.line(), 0, "Checking the file…"));
              }
            });
    long total = lines;
    // Languages are shared by everyone; they are created outside the import's transaction
    // (like the pulse API does), so the name cache never holds a rolled-back row, and under
    // the same daily cap of new languages: a file is no way around it.
    List<String> names = List.copyOf(languageNames);
    List<ResolvedLanguage> found;
    try {
      found = languages.resolveAll(userId, names);
    } catch (Languages.TooManyNewLanguages e) {
      throw new ImportError(
          "The file has %,d languages this server does not know yet; at most %,d new languages can be added in 24 hours (%,d so far)."
              .formatted(e.wanted(), e.limit(), e.createdToday()));
    }
    Map<String, ResolvedLanguage> resolved = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      resolved.put(names.get(i), found.get(i));
    }
    progress.accept(new ImportStatus("running", "importing", 0, total, "Importing…"));

    Counts counts =
        transaction.execute(
            tx -> {
              Map<String, Long> machineIds = machineIds(userId, machineNames);
              var batch = new Batch(userId, machineIds, resolved);
              read(
                  file,
                  row -> {
                    batch.add(row);
                    if (row.line() % 10_000 == 0) {
                      progress.accept(new ImportStatus("running", "importing", row.line(), total, "Importing…"));
                    }
                  });
              batch.flush();
              return batch.counts;
            });
    events.publishEvent(new PulsesImported(userId));
    String message =
        "Import finished: %,d pulses with %,d XP entries added%s."
            .formatted(
                counts.pulses,
                counts.entries,
                counts.skipped == 0 ? "" : ", %,d pulses were already there".formatted(counts.skipped));
    log.info("Imported {} pulses ({} skipped) for user {}", counts.pulses, counts.skipped, userId);
    return new ImportStatus("done", "", total, total, message);
  }

  private Map<String, Long> machineIds(long userId, Map<String, String> names) {
    Map<String, Long> ids = new HashMap<>();
    for (Machine machine : machines.list(userId)) {
      ids.put(machine.name().toLowerCase(Locale.ROOT), machine.id());
    }
    names.forEach((lower, name) -> ids.computeIfAbsent(lower, n -> machines.create(userId, name).machine().id()));
    return ids;
  }

  /** Reads the file row by row; returns the number of lines. */
  private static long read(Path file, Consumer<ImportRow> each) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    long line = 0;
    try (Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(PulseCsv.FORMAT).get()) {
      var records = parser.iterator();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new ImportError("Line " + (line + 1) + ": " + readableCause(e));
        }
        line = record.getRecordNumber();
        if (line == 1) {
          checkHeader(record);
          continue;
        }
        each.accept(ImportRow.parse(record, line));
      }
    } catch (IOException e) {
      throw new ImportError("Line " + (line + 1) + ": " + readableCause(e));
    }
    if (line == 0) {
      throw new ImportError("The file is empty.");
    }
    return line;
  }

  private static String readableCause(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CharacterCodingException) {
      return "the file is not UTF-8 text.";
    }
    return "unreadable CSV (" + cause.getClass().getSimpleName() + ").";
  }

  private static void checkHeader(CSVRecord record) {
    var names = new ArrayList<String>();
    record.forEach(field -> names.add(field.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT)));
    if (!names.equals(PulseCsv.HEADER)) {
      throw new ImportError("Line 1: the header must be " + String.join(";", PulseCsv.HEADER) + ".");
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete {}", file);
    }
  }

  private static final class Counts {
    long pulses;
    long entries;
    long skipped;
  }

  /** Rows grouped into pulses and written a few thousand rows at a time. */
  private final class Batch {
    private final long userId;
    private final Map<String, Long> machineIds;
    private final Map<String, ResolvedLanguage> resolved;
    private final List<List<ImportRow>> pulses = new ArrayList<>();
    private List<ImportRow> current;
    private int rows;
    final Counts counts = new Counts();

    Batch(long userId, Map<String, Long> machineIds, Map<String, ResolvedLanguage> resolved) {
      this.userId = userId;
      this.machineIds = machineIds;
      this.resolved = resolved;
    }

    void add(ImportRow row) {
      if (current == null || !row.samePulseAs(current.getFirst())) {
        // a pulse never straddles two batches
        if (rows >= BATCH_ROWS) {
          flush();
        }
        current = new ArrayList<>(4);
        pulses.add(current);
      }
      current.add(row);
      rows++;
    }

    void flush() {
      if (pulses.isEmpty()) {
        return;
      }
      var batch = new ArrayList<PulseWriter.NewPulse>(pulses.size());
      for (List<ImportRow> pulse : pulses) {
        ImportRow first = pulse.getFirst();
        var xps = new ArrayList<PulseWriter.NewXp>(pulse.size());
        for (ImportRow row : pulse) {
          xps.add(new PulseWriter.NewXp(resolved.get(row.language()), row.amount()));
        }
        batch.add(
            new PulseWriter.NewPulse(
                userId,
                machineIds.get(first.machine().toLowerCase(Locale.ROOT)),
                first.sentAtInstant(),
                first.offset(),
                first.sentAtLocal(),
                fingerprint(pulse),
                xps));
      }
      List<Boolean> written = writer.write(batch);
      for (int i = 0; i < written.size(); i++) {
        if (written.get(i)) {
          counts.pulses++;
          counts.entries += pulses.get(i).size();
        } else {
          counts.skipped++;
        }
      }
      pulses.clear();
      current = null;
      rows = 0;
    }
  }

  /** The pulse API's "same pulse", with the row's sent_at as the instant. */
  static UUID fingerprint(List<ImportRow> pulse) {
    ImportRow first = pulse.getFirst();
    var entries = pulse.stream().map(row -> new PulseWriter.SentXp(row.language(), row.amount())).toList();
    return PulseWriter.fingerprint(first.sentAtInstant(), first.offset(), entries);
  }
}
