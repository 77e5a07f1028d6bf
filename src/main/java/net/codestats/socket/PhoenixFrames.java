package net.codestats.socket;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.codestats.system.Utf16;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Phoenix Channels frames: version 2 ({@code [join_ref, ref, topic, event, payload]}) and, for
 * older viewers, version 1 ({@code {"topic", "event", "payload", "ref"}}).
 */
@Component
class PhoenixFrames {

  private static final JsonMapper JSON = JsonMapper.shared();

  /** A frame from a client; refs may be null. */
  record Frame(String joinRef, String ref, String topic, String event, JsonNode payload) {}

  /** Parses a client frame, or returns null if it is not a well-formed one. */
  Frame parse(String text, boolean v1) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
    if (node == null) {
      return null;
    }
    if (v1) {
      if (!node.isObject()) {
        return null;
      }
      JsonNode ref = node.get("ref");
      JsonNode joinRef = node.get("join_ref");
      return frame(joinRef, ref, node.get("topic"), node.get("event"), node.get("payload"));
    }
    if (!node.isArray() || node.size() != 5) {
      return null;
    }
    return frame(node.get(0), node.get(1), node.get(2), node.get(3), node.get(4));
  }

  private static Frame frame(JsonNode joinRef, JsonNode ref, JsonNode topic, JsonNode event, JsonNode payload) {
    if (!isRef(joinRef) || !isRef(ref) || topic == null || !topic.isString() || event == null || !event.isString()) {
      return null;
    }
    if (topic.asString().length() > 300 || event.asString().length() > 100) {
      return null;
    }
    // JSON escapes can make lone surrogates, which no reply echoing them could encode
    if (!Utf16.isWellFormed(topic.asString())
        || !Utf16.isWellFormed(event.asString())
        || !Utf16.isWellFormed(refText(joinRef))
        || !Utf16.isWellFormed(refText(ref))) {
      return null;
    }
    return new Frame(refText(joinRef), refText(ref), topic.asString(), event.asString(), payload);
  }

  private static boolean isRef(JsonNode ref) {
    return ref == null || ref.isNull() || (ref.isString() && ref.asString().length() <= 64) || ref.isIntegralNumber();
  }

  private static String refText(JsonNode ref) {
    return ref == null || ref.isNull() ? null : ref.asString();
  }

  TextMessage reply(boolean v1, Frame to, String status, Object response) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("status", status);
    payload.put("response", response);
    return message(v1, to.joinRef(), to.ref(), to.topic(), "phx_reply", payload);
  }

  TextMessage broadcast(boolean v1, String topic, String event, Object payload) {
    return message(v1, null, null, topic, event, payload);
  }

  TextMessage message(boolean v1, String joinRef, String ref, String topic, String event, Object payload) {
    Object frame;
    if (v1) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("topic", topic);
      object.put("event", event);
      object.put("payload", payload);
      object.put("ref", ref);
      if (joinRef != null) {
        object.put("join_ref", joinRef);
      }
      frame = object;
    } else {
      frame = Arrays.asList(joinRef, ref, topic, event, payload);
    }
    // built from the UTF-8 bytes, which it keeps: sockets send those without encoding again
    return new TextMessage(JSON.writeValueAsBytes(frame));
  }
}
