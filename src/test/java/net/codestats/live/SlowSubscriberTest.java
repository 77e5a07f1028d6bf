package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.codestats.account.Accounts;
import net.codestats.machine.Machines;
import net.codestats.socket.LiveSockets;
import net.codestats.support.IntegrationTest;
import net.codestats.support.PhoenixTestClient;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A subscriber that stops reading is dropped; the others keep receiving everything. */
@IntegrationTest
class SlowSubscriberTest {

  @LocalServerPort int port;
  @Autowired LiveSockets sockets;
  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void slowSubscriberIsClosedWhileOthersGetEveryMessage() throws Exception {
    // the slow subscriber also follows a profile of its own, which tells when it is gone
    var followed = new TestUsers(accounts, machines).user("slowfollowed");
    try (var slow = PhoenixTestClient.connectStalled(port, "vsn=2.0.0");
        var fast = PhoenixTestClient.connect(port, "vsn=2.0.0")) {
      slow.push("1", "users:" + followed.username(), "phx_join", Map.of());
      slow.push("2", "frontpage", "phx_join", Map.of());
      fast.join("frontpage");
      long joined = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sockets.subscribers(LiveTopics.userChannel(followed.id())) == 0 && System.nanoTime() < joined) {
        Thread.sleep(20);
      }
      assertThat(sockets.subscribers(LiveTopics.userChannel(followed.id()))).isEqualTo(1);

      // far more than socket buffers and the slow one's queue hold: 400 × 64 KiB
      String filler = "x".repeat(64 * 1024);
      int messages = 400;
      long started = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        sockets.broadcast(LiveTopics.FRONTPAGE, "new_pulse", Map.of("seq", i, "filler", filler));
        Thread.sleep(5);
      }
      // broadcasting never waits for a reader
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(messages * 5L + 10_000);

      for (int i = 0; i < messages; i++) {
        int expected = i;
        var frame = fast.next(f -> "new_pulse".equals(f.get(3).asString()));
        assertThat(frame.get(4).get("seq").asInt()).isEqualTo(expected);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (sockets.subscribers(LiveTopics.userChannel(followed.id())) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(sockets.subscribers(LiveTopics.userChannel(followed.id()))).as("the slow subscriber is closed")
          .isZero();
    }
  }
}
