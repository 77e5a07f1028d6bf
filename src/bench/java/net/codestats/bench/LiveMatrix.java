package net.codestats.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The private-profile matrix on the live socket: joining the private user's topic is refused
 * with Phoenix's error reply; a pulse of the private user reaches no {@code users:} subscriber
 * (not even one whose join was refused); on the front page it shows only its XP, with
 * {@code coords: null} and nothing that names the user or the machine. A public user's pulse,
 * sent alongside, shows that the pushes work at all.
 */
final class LiveMatrix {

  private static final Pattern UNAUTHORIZED = Pattern.compile(
      "\"phx_reply\",\\{\"status\":\"error\",\"response\":\\{\"reason\":\"Unauthorized\\.\"}}]");
  /** Front-page push: exactly the XP and the coordinates, in this order. */
  private static final Pattern FRONTPAGE_PUSH = Pattern.compile(
      "\\[null,null,\"frontpage\",\"new_pulse\",\\{\"xps\":\\[[^\\]]*],\"coords\":(null|\\{\"lat\":[-0-9.]+,\"lon\":[-0-9.]+})}]");

  /** XP amounts no generated pulse has, to tell the matrix's pulses apart. */
  static final List<Integer> PRIVATE_XP = List.of(7771, 7772, 7773);
  static final List<Integer> PUBLIC_XP = List.of(8881, 8882, 8883);

  private LiveMatrix() {}

  static List<PrivateMatrix.Row> run(BenchEnvironment env, Dataset dataset, String viewerToken) throws Exception {
    String publicUser = dataset.fanoutUser();
    String privateUser = dataset.privateUser();
    var rows = new ArrayList<PrivateMatrix.Row>();
    var sockets = new ArrayList<RawWebSocket>();
    try {
      RawWebSocket frontpage = open(env, "", sockets);
      String frontJoin = join(frontpage, "frontpage");
      RawWebSocket followsPublic = open(env, "", sockets);
      String publicJoin = join(followsPublic, "users:" + publicUser);
      // every spelling and credential that could follow the private user: all must be refused
      Map<String, String> attempts = new LinkedHashMap<>();
      Map<String, RawWebSocket> refused = new LinkedHashMap<>();
      for (var attempt : List.of(
          List.of("join users:{name}", "", "users:" + privateUser),
          List.of("join users:{NAME}, other case", "", "users:" + privateUser.toUpperCase(Locale.ROOT)),
          List.of("join users:{name} with another user's channel token",
              "&token=" + URLEncoder.encode(viewerToken, StandardCharsets.UTF_8),
              "users:" + privateUser))) {
        RawWebSocket socket = open(env, attempt.get(1), sockets);
        attempts.put(attempt.get(0), join(socket, attempt.get(2)));
        refused.put(attempt.get(0), socket);
      }
      String publicOtherCase = join(open(env, "", sockets), "users:" + publicUser.toUpperCase(Locale.ROOT));

      for (var attempt : attempts.entrySet()) {
        String publicAnswer = attempt.getKey().contains("other case") ? publicOtherCase : publicJoin;
        boolean refusedProperly = UNAUTHORIZED.matcher(attempt.getValue()).find();
        rows.add(PrivateMatrix.row("live socket: " + attempt.getKey(), status(publicAnswer), status(attempt.getValue()),
            publicAnswer.contains("\"ok\""),
            refusedProperly ? null : "not refused with {\"reason\":\"Unauthorized.\"}: " + attempt.getValue()));
      }

      var http = HttpLoad.newClient();
      for (var pulse : List.of(
          new Pulses.Pulse(dataset.privateToken(), Instant.now().minusSeconds(2), PRIVATE_XP),
          new Pulses.Pulse(dataset.fanoutToken(), Instant.now().minusSeconds(2), PUBLIC_XP))) {
        var answer = http.send(Pulses.request(env.uri("/api/my/pulses"), pulse), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
          throw new IllegalStateException("matrix pulse answered " + answer.statusCode() + " " + answer.body());
        }
      }
      Map<RawWebSocket, List<String>> received = collect(sockets, Duration.ofSeconds(4));

      String privateMark = "\"amount\":" + PRIVATE_XP.getFirst();
      String publicMark = "\"amount\":" + PUBLIC_XP.getFirst();
      var userTopicLeaks = new ArrayList<String>();
      for (var socket : sockets) {
        if (socket == frontpage) {
          continue;
        }
        received.get(socket).stream()
            .filter(f -> f.contains(privateMark) || f.contains("new_pulse") && refused.containsValue(socket))
            .forEach(userTopicLeaks::add);
      }
      boolean publicPushed = received.get(followsPublic).stream().anyMatch(f -> f.contains(publicMark));
      rows.add(PrivateMatrix.row("live socket: new_pulse on users: topics (any subscriber, refused joins too)",
          publicPushed ? "pushed" : "not pushed", userTopicLeaks.isEmpty() ? "not pushed" : "pushed", publicPushed,
          userTopicLeaks.isEmpty() ? null : "the private user's pulse reached a users: subscriber: " + userTopicLeaks));

      List<String> front = received.get(frontpage);
      String publicFront = front.stream().filter(f -> f.contains(publicMark)).findFirst().orElse("");
      String privateFront = front.stream().filter(f -> f.contains(privateMark)).findFirst().orElse("");
      String frontLeak = null;
      if (!privateFront.isEmpty()) {
        var shape = FRONTPAGE_PUSH.matcher(privateFront);
        if (!shape.matches()) {
          frontLeak = "unexpected front-page push: " + privateFront;
        } else if (!shape.group(1).equals("null")) {
          frontLeak = "coordinates of the private user's pulse: " + shape.group(1);
        } else if (privateFront.toLowerCase(Locale.ROOT).contains(privateUser)
            || privateFront.contains(PrivateMatrix.PRIVATE_MACHINE)) {
          frontLeak = "the private user's name or machine: " + privateFront;
        }
      }
      var publicShape = FRONTPAGE_PUSH.matcher(publicFront);
      rows.add(PrivateMatrix.row("live socket: frontpage new_pulse (XP only, coords null for private users)",
          publicShape.matches() ? "coords " + publicShape.group(1) : "no push",
          privateFront.isEmpty() ? "no push" : "coords " + coordsOf(privateFront), publicShape.matches(), frontLeak));
      rows.add(PrivateMatrix.row("live socket: frontpage join reply (xp_history)", status(frontJoin), status(frontJoin),
          frontJoin.contains("\"ok\""),
          frontJoin.toLowerCase(Locale.ROOT).contains(privateUser) ? "the private user's name appears" : null));
    } finally {
      sockets.forEach(RawWebSocket::close);
    }
    return rows;
  }

  private static String coordsOf(String push) {
    var shape = FRONTPAGE_PUSH.matcher(push);
    return shape.matches() ? shape.group(1) : "?";
  }

  private static String status(String reply) {
    if (reply.contains("\"status\":\"ok\"")) {
      return "joined";
    }
    var reason = Pattern.compile("\"reason\":\"([^\"]*)\"").matcher(reply);
    return reason.find() ? "refused: " + reason.group(1) : reply.isEmpty() ? "no reply" : BadInput.abbreviate(reply);
  }

  static RawWebSocket open(BenchEnvironment env, String extraQuery, List<RawWebSocket> sockets)
      throws IOException {
    var socket = RawWebSocket.open(env, BadSocket.PATH + extraQuery, Duration.ofSeconds(10), sockets.size() + 10);
    sockets.add(socket);
    if (socket.status() != 101) {
      throw new IOException(
          "live socket refused: " + socket.status() + " " + socket.responseHead().lines().findFirst().orElse(""));
    }
    return socket;
  }

  /** Sends a join and returns its reply frame (text), or "" when none came. */
  static String join(RawWebSocket socket, String topic) throws IOException {
    socket.sendText("[\"1\",\"1\",\"" + topic + "\",\"phx_join\",{}]");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var frame = socket.read(Duration.ofNanos(deadline - System.nanoTime()));
      if (frame != null && frame.opcode() == RawWebSocket.TEXT && frame.text().contains("\"phx_reply\"")) {
        return frame.text();
      }
    }
    return "";
  }

  static Map<RawWebSocket, List<String>> collect(List<RawWebSocket> sockets, Duration during)
      throws IOException {
    Map<RawWebSocket, List<String>> frames = new LinkedHashMap<>();
    sockets.forEach(s -> frames.put(s, new ArrayList<>()));
    long deadline = System.nanoTime() + during.toNanos();
    while (System.nanoTime() < deadline) {
      for (var socket : sockets) {
        var frame = socket.read(Duration.ofMillis(20));
        if (frame != null) {
          frames.get(socket).add(frame.text());
        }
      }
    }
    return frames;
  }
}
