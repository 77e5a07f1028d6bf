package net.codestats.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@link ClusterEvent} committed on this node goes to the other nodes on channel
 * {@value #CHANNEL} as {@code {"n": node id, "k": event class, "e": the record}}, and each
 * node re-publishes those of the others as local events: their listeners retire the same
 * cached entries as on the node where the change was made. A node ignores its own messages,
 * and never sends again what it re-publishes (no echo).
 */
@Component
class ClusterEvents {

  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);
  static final String CHANNEL = "codestats_changes";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String OURS = "net.codestats.";

  private final ClusterSignals signals;
  private final ApplicationEventPublisher events;
  /** set while an event from another node is being re-published here: it is not sent back */
  private final ThreadLocal<Boolean> fromOtherNode = ThreadLocal.withInitial(() -> false);

  ClusterEvents(ClusterSignals signals, ApplicationEventPublisher events) {
    this.signals = signals;
    this.events = events;
    signals.listen(CHANNEL, this::received);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onCommitted(ClusterEvent event) {
    if (signals.enabled() && !fromOtherNode.get()) {
      signals.send(CHANNEL, encode(signals.nodeId(), event.onOtherNodes()));
    }
  }

  /** The message another node sends for {@code event}. */
  static String encode(String node, ClusterEvent event) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("n", node);
    message.put("k", event.getClass().getName());
    message.put("e", event);
    return JSON.writeValueAsString(message);
  }

  private void received(String message) {
    ClusterEvent event = decode(message);
    if (event == null) {
      return;
    }
    fromOtherNode.set(true);
    try {
      events.publishEvent(event);
    } finally {
      fromOtherNode.set(false);
    }
  }

  /** The event in another node's message; null for our own, a malformed one or an unknown kind. */
  ClusterEvent decode(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node == null || signals.nodeId().equals(node.path("n").asString())) {
        return null;
      }
      String kind = node.get("k").asString();
      if (!kind.startsWith(OURS)) {
        return null;
      }
      Class<?> type = Class.forName(kind, false, ClusterEvents.class.getClassLoader());
      if (!ClusterEvent.class.isAssignableFrom(type)) {
        return null;
      }
      return (ClusterEvent) JSON.treeToValue(node.get("e"), type);
    } catch (ClassNotFoundException | RuntimeException e) { // JacksonException is one too
      // e.g. an event a newer node knows and this one not yet: its caches expire anyway
      log.debug("Ignored a cluster change message: {}", e.toString());
      return null;
    }
  }
}
