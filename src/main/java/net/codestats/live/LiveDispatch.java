package net.codestats.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.geo.Coords;
import net.codestats.pulse.PulseStored;
import net.codestats.socket.LiveSockets;
import net.codestats.xp.HiddenItems;
import net.codestats.xp.HiddenItemsLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Turns stored pulses (this node's and other nodes') into live pushes. The pulse event arrives
 * in the request thread, so it is only queued here; one thread fans it out (and drops it,
 * counted, if the queue is ever full: ingestion never waits for live updates). A private
 * profile's pulses go to no one but the owner's own channel, and never with coordinates.
 *
 * <p>What a user hides from their public profile is not pushed to anyone else: a pulse of a
 * hidden machine is not pushed at all (front page, chart, profile followers), a hidden language
 * is taken out of the pushed XP. The owner's own sockets on their profile (opened with their
 * channel token) get the whole pulse; other followers of the same topic the public version.
 */
@Component
class LiveDispatch {

  private static final Logger log = LoggerFactory.getLogger(LiveDispatch.class);
  static final String NEW_PULSE = "new_pulse";
  static final int QUEUE = 10_000;
  private static final DateTimeFormatter LOCAL_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private final LiveSockets sockets;
  private final XpHistory history;
  private final HiddenItemsLookup hiddenItems;
  private final Counter dropped;
  private final ThreadPoolTaskExecutor worker = new ThreadPoolTaskExecutor();

  LiveDispatch(LiveSockets sockets, XpHistory history, HiddenItemsLookup hiddenItems, MeterRegistry meters) {
    this.sockets = sockets;
    this.hiddenItems = hiddenItems;
    this.history = history;
    this.dropped =
        Counter.builder("codestats.live.dropped").description("Pulses not pushed live: queue full").register(meters);
    worker.setCorePoolSize(1);
    worker.setMaxPoolSize(1);
    worker.setQueueCapacity(QUEUE);
    worker.setThreadNamePrefix("live-dispatch-");
    worker.setDaemon(true);
    worker.initialize();
  }

  @EventListener
  void onPulseStored(PulseStored pulse) {
    try {
      worker.execute(() -> push(pulse));
    } catch (TaskRejectedException e) {
      dropped.increment();
    }
  }

  private void push(PulseStored pulse) {
    try {
      boolean privateProfile = pulse.privateProfile();
      HiddenItems hidden = privateProfile ? HiddenItems.NONE : hiddenItems.of(pulse.userId());
      List<PulseStored.LanguageXp> publicXps = publicXps(pulse, hidden);
      history.add(pulse.sentAt(), publicXps);

      if (!publicXps.isEmpty()) {
        Map<String, Object> front = new LinkedHashMap<>();
        front.put("xps", xps(publicXps));
        front.put("coords", privateProfile || pulse.coords() == null ? null : coords(pulse.coords()));
        sockets.broadcast(LiveTopics.FRONTPAGE, NEW_PULSE, front);
      }

      String channel = LiveTopics.userChannel(pulse.userId());
      if (privateProfile) {
        sockets.broadcastToTokenHolder(channel, pulse.userId(), NEW_PULSE, profilePayload(pulse, pulse.xps()));
      } else if (hidden.isEmpty()) {
        sockets.broadcast(channel, NEW_PULSE, profilePayload(pulse, pulse.xps()));
      } else {
        sockets.broadcastToTokenHolder(channel, pulse.userId(), NEW_PULSE, profilePayload(pulse, pulse.xps()));
        if (!publicXps.isEmpty()) {
          sockets.broadcastToOthers(channel, pulse.userId(), NEW_PULSE, profilePayload(pulse, publicXps));
        }
      }
    } catch (RuntimeException e) {
      log.warn("Live push of a pulse failed: {}", e.toString());
    }
  }

  /** The pulse's XP as others may see it: none from a hidden machine, no hidden language. */
  private static List<PulseStored.LanguageXp> publicXps(PulseStored pulse, HiddenItems hidden) {
    if (hidden.isEmpty()) {
      return pulse.xps();
    }
    if (hidden.hidesMachine(pulse.machineId())) {
      return List.of();
    }
    return pulse.xps().stream().filter(e -> !hidden.hidesLanguage(e.language())).toList();
  }

  private static Map<String, Object> profilePayload(PulseStored pulse, List<PulseStored.LanguageXp> xps) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("xps", xps(xps));
    profile.put("sent_at", DateTimeFormatter.ISO_INSTANT.format(pulse.sentAt()));
    profile.put(
        "sent_at_local",
        LOCAL_WITH_OFFSET.format(pulse.sentAt().atOffset(ZoneOffset.ofTotalSeconds(pulse.offsetMinutes() * 60))));
    profile.put("machine", pulse.machineName());
    return profile;
  }

  private static List<Map<String, Object>> xps(List<PulseStored.LanguageXp> xps) {
    return xps.stream()
        .map(e -> {
          // key order as the original sends it
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("language", e.language());
          entry.put("amount", e.amount());
          return entry;
        })
        .toList();
  }

  private static Map<String, Object> coords(Coords coords) {
    Map<String, Object> latLon = new LinkedHashMap<>();
    latLon.put("lat", coords.lat());
    latLon.put("lon", coords.lon());
    return latLon;
  }

  @PreDestroy
  void shutdown() {
    worker.shutdown();
  }
}
