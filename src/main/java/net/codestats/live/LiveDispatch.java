package net.codestats.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.pulse.PulseStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns stored pulses into live pushes. The pulse event arrives in the request thread, so it
 * is only queued here; one thread of our own fans it out (and drops it, counted, if the queue
 * is ever full: ingestion never waits for live updates), and announces it to other nodes.
 */
@Component
class LiveDispatch {

  private static final Logger log = LoggerFactory.getLogger(LiveDispatch.class);
  static final String NEW_PULSE = "new_pulse";
  private static final DateTimeFormatter LOCAL_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private final LiveHub hub;
  private final PhoenixFrames frames;
  private final XpHistory history;
  private final GeoLocator geo;
  private final ClusterFanOut cluster;
  private final ApplicationEventPublisher events;
  private final Counter dropped;
  private final ThreadPoolExecutor worker =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(10_000),
          runnable -> {
            Thread thread = new Thread(runnable, "live-dispatch");
            thread.setDaemon(true);
            return thread;
          });
  private final Accounts accounts;

  LiveDispatch(
      LiveHub hub,
      PhoenixFrames frames,
      XpHistory history,
      GeoLocator geo,
      Accounts accounts,
      ClusterFanOut cluster,
      ApplicationEventPublisher events,
      MeterRegistry meters) {
    this.cluster = cluster;
    this.events = events;
    cluster.onRemotePulse(this::storedElsewhere);
    this.hub = hub;
    this.frames = frames;
    this.history = history;
    this.geo = geo;
    this.accounts = accounts;
    this.dropped =
        Counter.builder("codestats.live.dropped").description("Pulses not pushed live: queue full").register(meters);
  }

  @EventListener
  void onPulseStored(PulseStored pulse) {
    enqueue(() -> storedHere(pulse));
  }

  /** A pulse that another node stored. */
  void storedElsewhere(LivePulse pulse) {
    events.publishEvent(new RemotePulseReceived(pulse.userId()));
    enqueue(() -> push(pulse));
  }

  private void enqueue(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  private void storedHere(PulseStored stored) {
    try {
      Optional<User> user = accounts.lookUp(stored.userId());
      // private users' locations are never looked up, let alone sent anywhere
      var coords =
          user.isPresent() && !user.get().privateProfile() ? geo.locate(stored.clientIp()).orElse(null) : null;
      var pulse =
          new LivePulse(
              stored.userId(), stored.machineName(), stored.sentAt(), stored.offsetMinutes(), stored.xps(), coords);
      push(pulse);
      cluster.announce(pulse);
    } catch (RuntimeException e) {
      log.warn("Live push of a pulse failed: {}", e.toString());
    }
  }

  private void push(LivePulse pulse) {
    try {
      history.add(pulse.sentAt(), pulse.xps());
      Optional<User> user = accounts.lookUp(pulse.userId());
      if (user.isEmpty()) {
        return;
      }
      boolean privateProfile = user.get().privateProfile();
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
      front.put(
          "coords",
          privateProfile || pulse.coords() == null
              ? null
              : coords(pulse.coords()));
      hub.broadcastFrontpage(frames, NEW_PULSE, front);

      Map<String, Object> profile = new LinkedHashMap<>();
      profile.put("xps", xps);
      profile.put("sent_at", DateTimeFormatter.ISO_INSTANT.format(pulse.sentAt()));
      profile.put(
          "sent_at_local",
          LOCAL_WITH_OFFSET.format(pulse.sentAt().atOffset(ZoneOffset.ofTotalSeconds(pulse.offsetMinutes() * 60))));
      profile.put("machine", pulse.machineName());
      hub.broadcastUser(
          pulse.userId(),
          connection -> !privateProfile || Objects.equals(connection.tokenUserId(), pulse.userId()),
          frames,
          NEW_PULSE,
          profile);
    } catch (RuntimeException e) {
      log.warn("Live push of a pulse failed: {}", e.toString());
    }
  }

  private static Map<String, Object> coords(GeoLocator.Coords coords) {
    Map<String, Object> latLon = new LinkedHashMap<>();
    latLon.put("lat", coords.lat());
    latLon.put("lon", coords.lon());
    return latLon;
  }

  @PreDestroy
  void shutdown() {
    worker.shutdownNow();
  }
}
