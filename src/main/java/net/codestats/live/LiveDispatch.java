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
 */
@Component
class LiveDispatch {

  private static final Logger log = LoggerFactory.getLogger(LiveDispatch.class);
  static final String NEW_PULSE = "new_pulse";
  static final int QUEUE = 10_000;
  private static final DateTimeFormatter LOCAL_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private final LiveSockets sockets;
  private final XpHistory history;
  private final Counter dropped;
  private final ThreadPoolTaskExecutor worker = new ThreadPoolTaskExecutor();

  LiveDispatch(LiveSockets sockets, XpHistory history, MeterRegistry meters) {
    this.sockets = sockets;
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
      history.add(pulse.sentAt(), pulse.xps());
      boolean privateProfile = pulse.privateProfile();
      List<Map<String, Object>> xps =
          pulse.xps().stream()
              .map(e -> {
                // key order as the original sends it
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("language", e.language());
                entry.put("amount", e.amount());
                return entry;
              })
              .toList();

      Map<String, Object> front = new LinkedHashMap<>();
      front.put("xps", xps);
      front.put("coords", privateProfile || pulse.coords() == null ? null : coords(pulse.coords()));
      sockets.broadcast(LiveTopics.FRONTPAGE, NEW_PULSE, front);

      Map<String, Object> profile = new LinkedHashMap<>();
      profile.put("xps", xps);
      profile.put("sent_at", DateTimeFormatter.ISO_INSTANT.format(pulse.sentAt()));
      profile.put(
          "sent_at_local",
          LOCAL_WITH_OFFSET.format(pulse.sentAt().atOffset(ZoneOffset.ofTotalSeconds(pulse.offsetMinutes() * 60))));
      profile.put("machine", pulse.machineName());
      String channel = LiveTopics.userChannel(pulse.userId());
      if (privateProfile) {
        sockets.broadcastToTokenHolder(channel, pulse.userId(), NEW_PULSE, profile);
      } else {
        sockets.broadcast(channel, NEW_PULSE, profile);
      }
    } catch (RuntimeException e) {
      log.warn("Live push of a pulse failed: {}", e.toString());
    }
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
