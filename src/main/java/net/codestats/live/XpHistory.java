package net.codestats.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.codestats.pulse.PulseStored;
import net.codestats.pulse.Pulses;
import net.codestats.xp.AggregatesRebuilt;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Everyone's XP per UTC minute over the last four hours, for the front page's chart. Each XP
 * entry counts at most 400 so that one huge pulse does not flatten the chart. Kept in memory,
 * grown on each pulse (this node's and, through the cluster fan-out, the others'), and read
 * again from the database every 30 seconds: the minutes since the last read (what a dropped
 * push or another node may have missed), and the whole window every half hour. Reading four
 * hours of everyone's pulses every 30 seconds cost the database more than the pulses did.
 */
@Component
class XpHistory {

  static final Duration WINDOW = Duration.ofHours(4);
  static final int ENTRY_CAP = 400;
  static final Duration FULL_RELOAD = Duration.ofMinutes(30);

  private final Pulses pulses;
  private final Clock clock;
  private TreeMap<Long, Long> minutes = new TreeMap<>();
  // written by the scheduler's thread, and cleared when pulses were removed or restored
  private volatile Instant lastFullReload;
  private Instant lastReload;

  XpHistory(Pulses pulses, Clock clock) {
    this.pulses = pulses;
    this.clock = clock;
  }

  @Scheduled(initialDelay = 0, fixedDelayString = "${codestats.live.history-refresh:PT30S}")
  void refresh() {
    Instant now = clock.instant();
    if (lastFullReload == null || !now.isBefore(lastFullReload.plus(FULL_RELOAD))) {
      TreeMap<Long, Long> loaded = pulses.xpPerMinuteSince(windowStart(), ENTRY_CAP);
      synchronized (this) {
        minutes = loaded;
      }
      lastFullReload = now;
    } else {
      // from the minute before the last read: those minutes are read whole again
      Instant from = lastReload.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
      TreeMap<Long, Long> loaded = pulses.xpPerMinuteSince(from, ENTRY_CAP);
      synchronized (this) {
        minutes.tailMap(from.getEpochSecond(), true).clear();
        minutes.putAll(loaded);
      }
    }
    lastReload = now;
  }

  /**
   * A correction, a machine deletion or a re-alias (here or on another node) changed past
   * pulses: the next refresh reads the whole window again rather than only the last minutes.
   */
  @TransactionalEventListener(fallbackExecution = true)
  void aggregatesRebuilt(AggregatesRebuilt rebuilt) {
    lastFullReload = null;
  }

  void add(PulseStored pulse) {
    add(pulse.sentAt(), pulse.xps());
  }

  synchronized void add(Instant sentAt, List<PulseStored.LanguageXp> xps) {
    if (sentAt.isBefore(windowStart())) {
      return;
    }
    long minute = sentAt.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
    long xp = xps.stream().mapToLong(e -> Math.min(e.amount(), ENTRY_CAP)).sum();
    minutes.merge(minute, xp, Long::sum);
  }

  /** {@code [[[Y, M, D], [h, m]], xp]} rows, oldest first, as the original join reply. */
  synchronized List<Object> snapshot() {
    long start = windowStart().getEpochSecond();
    minutes.headMap(start).clear();
    List<Object> rows = new ArrayList<>(minutes.size());
    for (Map.Entry<Long, Long> minute : minutes.entrySet()) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(minute.getKey(), 0, ZoneOffset.UTC);
      rows.add(
          List.of(
              List.of(List.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth()), List.of(t.getHour(), t.getMinute())),
              minute.getValue()));
    }
    return rows;
  }

  private Instant windowStart() {
    return clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(WINDOW);
  }
}
