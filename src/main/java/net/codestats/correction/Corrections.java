package net.codestats.correction;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.codestats.machine.Machine;
import net.codestats.machine.Machines;
import net.codestats.pulse.Languages;
import net.codestats.pulse.Pulses;
import net.codestats.xp.XpQueries;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Removing XP sent by mistake, and putting it back: the choice is checked and previewed here,
 * the tables are {@link CorrectionStore}'s. A removal is one transaction: the pulse
 * module deletes the matching XP and returns it exactly as stored, which is kept aside here,
 * and the aggregates are rebuilt for the user in the same transaction (their rebuild event
 * then refreshes the profile cache and tells open profile pages to refetch). Kept aside for
 * {@link #KEPT}, then purged by a daily job.
 */
@Service
public class Corrections {

  private static final Logger log = LoggerFactory.getLogger(Corrections.class);
  /** How long removed XP can be restored. */
  public static final Duration KEPT = Duration.ofDays(7);

  private final CorrectionStore store;
  private final Pulses pulses;
  private final Machines machines;
  private final Languages languages;
  private final XpQueries xp;

  Corrections(CorrectionStore store, Pulses pulses, Machines machines, Languages languages, XpQueries xp) {
    this.store = store;
    this.pulses = pulses;
    this.machines = machines;
    this.languages = languages;
    this.xp = xp;
  }

  /** The zone a "local" range is entered in: the UTC offset of the user's latest pulse. */
  public ZoneOffset localZone(long userId) {
    return ZoneOffset.ofTotalSeconds(pulses.latestOffsetMinutes(userId).orElse(0) * 60);
  }

  /** The user's machines, active first, to choose from. */
  public List<Machine> machines(long userId) {
    return machines.list(userId);
  }

  /** Language id → name of every language the user has XP in, by name. */
  public Map<Long, String> languages(long userId) {
    Map<Long, String> names = languages.names(xp.xpByLanguage(userId).keySet());
    return names.entrySet().stream()
        .sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * Checks a form against the user's own machines and languages.
   *
   * @throws CorrectionException with the message for the page
   */
  public CorrectionScope scope(long userId, CorrectionForm form) {
    if (form.isEmpty()) {
      throw new CorrectionException("Choose a machine, a language or a time range (or a combination) to remove.");
    }
    Long machineId = null;
    String machineName = null;
    if (!form.machine().isEmpty()) {
      long id = id(form.machine(), "There is no such machine among yours.");
      Machine machine =
          machines.find(userId, id).orElseThrow(() -> new CorrectionException("There is no such machine among yours."));
      machineId = machine.id();
      machineName = machine.name();
    }
    Long languageId = null;
    String languageName = null;
    if (!form.language().isEmpty()) {
      long id = id(form.language(), "You have no XP in that language.");
      languageName = languages(userId).get(id);
      if (languageName == null) {
        throw new CorrectionException("You have no XP in that language.");
      }
      languageId = id;
    }
    ZoneOffset zone = "local".equals(form.zone()) ? localZone(userId) : ZoneOffset.UTC;
    Instant from = instant(form.from(), zone, "The start of the range");
    Instant until = instant(form.until(), zone, "The end of the range");
    if (from != null && until != null && !until.isAfter(from)) {
      throw new CorrectionException(
          until.equals(from) ? "The range is empty: it ends where it starts." : "The range ends before it starts.");
    }
    return new CorrectionScope(machineId, machineName, languageId, languageName, from, until, zone);
  }

  /** What {@link #remove} would remove now, with the profile's totals before and after. */
  public CorrectionPreview preview(long userId, CorrectionScope scope) {
    Pulses.Matching matching = pulses.matching(userId, scope.filter());
    Map<Long, Long> before = xp.xpByLanguage(userId);
    var ids = new ArrayList<>(before.keySet());
    matching.byDay().forEach(d -> ids.add(d.languageId()));
    Map<Long, String> names = languages.names(ids);
    var days = new ArrayList<CorrectionPreview.Day>();
    Map<Long, Long> removed = new LinkedHashMap<>();
    for (var day : matching.byDay()) {
      days.add(new CorrectionPreview.Day(day.localDate(), names.get(day.languageId()), day.pulses(), day.xp()));
      removed.merge(day.languageId(), day.xp(), Long::sum);
    }
    var perLanguage =
        removed.entrySet().stream()
            .map(e -> new CorrectionPreview.Language(
                names.get(e.getKey()), e.getValue(), before.getOrDefault(e.getKey(), 0L)))
            .sorted((a, b) -> Long.compare(b.removed(), a.removed()))
            .toList();
    long total = before.values().stream().mapToLong(Long::longValue).sum();
    return new CorrectionPreview(scope, days, perLanguage, matching.pulses(), matching.xp(), total);
  }

  /**
   * Removes what the scope matches, keeps it aside and records the correction.
   *
   * @throws CorrectionException when nothing matches (nothing is changed)
   */
  public Correction remove(long userId, CorrectionScope scope) {
    return store.remove(userId, scope);
  }

  /**
   * Puts a correction's XP back as it was; pulses of a machine deleted since stay away.
   *
   * @throws CorrectionException when it is not the user's (not found), or no longer removed
   */
  public Correction restore(long userId, long correctionId) {
    Set<Long> machineIds = machines.list(userId).stream().map(Machine::id).collect(Collectors.toSet());
    return store.restore(userId, correctionId, machineIds::contains);
  }

  /** The user's corrections, newest first. */
  public List<Correction> list(long userId) {
    return store.list(userId);
  }

  public Optional<Correction> find(long userId, long correctionId) {
    return store.find(userId, correctionId);
  }

  /** Daily: what was removed more than {@link #KEPT} ago is gone for good. */
  @SchedulerLock(name = "corrections purge", lockAtLeastFor = "PT5M")
  @Scheduled(cron = "0 29 3 * * *")
  void purgeDaily() {
    int purged = purgeExpired();
    if (purged > 0) {
      log.info("Purged the XP kept aside of {} corrections", purged);
    }
  }

  /** @return the corrections purged */
  public int purgeExpired() {
    return store.purgeExpired();
  }

  private static long id(String text, String message) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CorrectionException(message);
    }
  }

  /** A {@code datetime-local} value (or a date: its midnight) in the zone, or null when empty. */
  private static Instant instant(String text, ZoneOffset zone, String what) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      LocalDateTime local =
          text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
      return local.toInstant(zone);
    } catch (DateTimeParseException e) {
      throw new CorrectionException(what + " is not a date and time (like 2026-11-30T14:00).");
    }
  }

}
