package net.codestats.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bursts of pushes go out several frames to a write (encoded once, not per socket): every
 * frame still arrives whole, in order, with its non-ASCII text intact, also frames larger than
 * the container's output buffer; client messages above the limit close the socket.
 */
@IntegrationTest
class BatchedSendTest {

  @LocalServerPort int port;
  @Autowired LiveSockets sockets;

  @Test
  void framesOfABurstArriveWholeAndInOrder() throws Exception {
    String text = "Zürich ☕ 𝄞 ";
    String large = "é".repeat(3 * SocketConfiguration.SESSION_BUFFER_BYTES);
    try (var one = PhoenixTestClient.connect(port, "vsn=2.0.0");
        var two = PhoenixTestClient.connect(port, "vsn=1.0.0")) {
      one.join("frontpage");
      two.sendRaw("{\"topic\":\"frontpage\",\"event\":\"phx_join\",\"payload\":{},\"ref\":\"1\",\"join_ref\":\"1\"}");
      two.frames.poll(10, TimeUnit.SECONDS); // the join reply
      int bursts = 10;
      int perBurst = Connection.QUEUE_LIMIT - 56;
      int seq = 0;
      for (int b = 0; b < bursts; b++) {
        // queued faster than one write per frame: the socket's drain finds many at once
        // (the live feed joins the frontpage topic to the channel of that name)
        for (int i = 0; i < perBurst; i++, seq++) {
          sockets.broadcast("frontpage", "new_pulse",
              Map.of("seq", seq, "text", text + seq, "big", seq % 50 == 0 ? large : ""));
        }
        Thread.sleep(300);
      }
      for (int i = 0; i < seq; i++) {
        int expected = i;
        var frame = one.next(f -> "new_pulse".equals(f.get(3).asString()));
        assertThat(frame.get(4).get("seq").asInt()).isEqualTo(expected);
        assertThat(frame.get(4).get("text").asString()).isEqualTo(text + expected);
        assertThat(frame.get(4).get("big").asString()).isEqualTo(expected % 50 == 0 ? large : "");
      }
      for (int i = 0; i < seq; i++) {
        var frame = PhoenixTestClient.JSON.readTree(two.frames.poll(15, TimeUnit.SECONDS));
        assertThat(frame.get("event").asString()).isEqualTo("new_pulse");
        assertThat(frame.get("payload").get("seq").asInt()).isEqualTo(i);
      }
    }
  }

  @Test
  void clientMessagesAboveTheLimitCloseTheSocket() throws Exception {
    try (var client = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      client.push(null, "phoenix", "heartbeat", Map.of("pad", "x".repeat(SocketConfiguration.MAX_CLIENT_MESSAGE / 2)));
      assertThat(client.next(f -> "phx_reply".equals(f.get(3).asString())).get(4).get("status").asString())
          .isEqualTo("ok");
      client.push(null, "phoenix", "heartbeat", Map.of("pad", "x".repeat(SocketConfiguration.MAX_CLIENT_MESSAGE)));
      assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }
  }
}
