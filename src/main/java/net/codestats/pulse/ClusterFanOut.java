package net.codestats.pulse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.geo.Coords;
import net.codestats.pulse.PulseStored.LanguageXp;
import net.codestats.system.ClusterSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PulseStored} across several app nodes through PostgreSQL's LISTEN/NOTIFY ({@link
 * ClusterSignals}, channel {@value #CHANNEL}), no broker needed: each node announces the
 * pulses it stored, and publishes those that other nodes announce as {@link
 * PulseStored.Origin#OTHER_NODE}. Off unless {@code codestats.cluster=true} (one node needs
 * none of it).
 */
@Component
class ClusterFanOut {

  private static final Logger log = LoggerFactory.getLogger(ClusterFanOut.class);
  static final String CHANNEL = "codestats_live";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final ClusterSignals signals;
  private final Accounts accounts;
  private final ApplicationEventPublisher events;

  ClusterFanOut(ClusterSignals signals, Accounts accounts, ApplicationEventPublisher events) {
    this.signals = signals;
    this.accounts = accounts;
    this.events = events;
    signals.listen(CHANNEL, this::received);
  }

  boolean listening() {
    return signals.listening();
  }

  /** Tells the other nodes about a pulse stored here; ingestion never waits for NOTIFY. */
  @EventListener
  void onPulseStored(PulseStored pulse) {
    if (signals.enabled() && pulse.origin() == PulseStored.Origin.THIS_NODE) {
      signals.send(CHANNEL, encode(signals.nodeId(), pulse));
    }
  }

  private void received(String message) {
    PulseStored pulse = decode(message);
    if (pulse != null) {
      events.publishEvent(pulse);
    }
  }

  /** The message for other nodes; the privacy is theirs to look up, coordinates come only for public profiles. */
  static String encode(String node, PulseStored pulse) {
    List<Object> xps = new ArrayList<>(pulse.xps().size());
    pulse.xps().forEach(e -> xps.add(List.of(e.language(), e.amount())));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("n", node);
    message.put("u", pulse.userId());
    message.put("m", pulse.machineName());
    message.put("t", pulse.sentAt().toString());
    message.put("o", pulse.offsetMinutes());
    message.put("x", xps);
    message.put(
        "c",
        pulse.coords() == null || pulse.privateProfile() ? null : List.of(pulse.coords().lat(), pulse.coords().lon()));
    message.put("i", pulse.machineId());
    return JSON.writeValueAsString(message);
  }

  /**
   * The pulse in a message from another node, with the user's privacy as this node sees it;
   * null for our own, a malformed one or an unknown user.
   */
  PulseStored decode(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node == null || signals.nodeId().equals(node.path("n").asString())) {
        return null;
      }
      long userId = node.get("u").asLong();
      User user = accounts.lookUp(userId).orElse(null);
      if (user == null) {
        return null;
      }
      List<LanguageXp> xps = new ArrayList<>();
      node.get("x").forEach(e -> xps.add(new LanguageXp(e.get(0).asString(), e.get(1).asInt())));
      JsonNode c = node.get("c");
      Coords coords =
          c == null || c.isNull() || user.privateProfile()
              ? null
              : new Coords(c.get(0).asDouble(), c.get(1).asDouble());
      return new PulseStored(
          PulseStored.Origin.OTHER_NODE,
          userId,
          user.privateProfile(),
          // older nodes do not send the machine id
          node.path("i").asLong(0),
          node.get("m").asString(),
          Instant.parse(node.get("t").asString()),
          node.get("o").asInt(),
          List.copyOf(xps),
          coords);
    } catch (RuntimeException e) { // JacksonException is one too
      log.debug("Ignored a malformed cluster message: {}", e.toString());
      return null;
    }
  }
}
