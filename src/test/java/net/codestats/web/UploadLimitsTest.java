package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import net.codestats.account.Accounts;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No anonymous request makes the server read a large body: each big one is answered after a
 * part of it was sent (a server that waited for the rest would not answer at all). Only a
 * logged-in import with its CSRF token reads a large body, up to its own limit.
 */
@IntegrationTest
class UploadLimitsTest {

  /** declared; only {@link #SENT} of it is sent */
  static final int DECLARED = 1 << 20;

  /** less than Tomcat drains of an unread body, so that the answer is not lost to a reset */
  static final int SENT = 32 << 10;

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void anonymousBigBodiesAreAnsweredWithoutBeingRead() throws IOException {
    for (String type : new String[] {"multipart/form-data; boundary=x", "application/x-www-form-urlencoded"}) {
      for (String path : new String[] {"/login", "/signup", "/forgot-password"}) {
        assertThat(answerBeforeTheBodyEnds("POST " + path, type, null)).as(path + " " + type).isIn(403, 413);
      }
    }
    // the import, with a CSRF token anyone can get, but without a log-in: sent to log in first
    var anonymous = new WebSession(port);
    String token = anonymous.csrfToken("/login");
    String cookie = "XSRF-TOKEN=" + anonymous.cookie("XSRF-TOKEN").orElseThrow().getValue();
    assertThat(
        answerBeforeTheBodyEnds("POST /my/import", "text/csv", "X-XSRF-TOKEN: " + token + "\r\nCookie: " + cookie))
        .isEqualTo(302);
  }

  @Test
  void aLoggedInImportLargerThanItsLimitIsRefusedBeforeItIsRead() throws IOException {
    String name = TestUsers.uniqueName("uploader");
    accounts.create(name, "correct horse battery", null);
    var web = new WebSession(port);
    web.login(name, "correct horse battery");
    String token = web.csrfToken("/my/preferences");
    String cookies =
        "JSESSIONID=" + web.cookie("JSESSIONID").orElseThrow().getValue() + "; XSRF-TOKEN="
            + web.cookie("XSRF-TOKEN").orElseThrow().getValue();
    String head = "X-XSRF-TOKEN: " + token + "\r\nCookie: " + cookies;
    // codestats.import.max-file-size is 128MB in the tests
    assertThat(answer("POST /my/import", "text/csv", head + "\r\nAccept: application/json", 129L << 20)).isEqualTo(413);
    // positive control: within the limit the body is read to its end (and the import starts)
    var small = web.send(
        HttpRequest.newBuilder(web.uri("/my/import"))
            .header("Content-Type", "text/csv")
            .header("X-XSRF-TOKEN", token)
            .POST(HttpRequest.BodyPublishers.ofString("sent_at;sent_at_local;tz_offset;language;machine;amount\n"))
            .build());
    assertThat(small.statusCode()).isEqualTo(202);
    // and small anonymous forms still work
    assertThat(new WebSession(port).login(name, "wrong password").statusCode()).isEqualTo(302);
    assertThat(new WebSession(port).submit("/forgot-password", "form", Map.of("username", name)).statusCode())
        .isEqualTo(302);
  }

  private int answerBeforeTheBodyEnds(String requestLine, String type, String headers) throws IOException {
    return answer(requestLine, type, (headers == null ? "" : headers + "\r\n") + "Accept: text/html", DECLARED);
  }

  /**
   * Declares {@code declared} bytes, sends {@link #SENT} of them (or fewer) and waits 5 s for
   * an answer: -1 when none came, as when the server waits for the rest of the body.
   */
  private int answer(String requestLine, String type, String headers, long declared) throws IOException {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      String head =
          requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
              + "\r\nContent-Length: " + declared + "\r\n" + (headers == null ? "" : headers + "\r\n") + "\r\n";
      var out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      try {
        byte[] chunk = new byte[16 << 10];
        Arrays.fill(chunk, (byte) 'a');
        for (int sent = 0; sent < Math.min(SENT, declared); sent += chunk.length) {
          out.write(chunk);
        }
        out.flush();
      } catch (IOException closedEarly) {
        // the server answered and closed while the body was still coming: what we want
      }
      var in = socket.getInputStream();
      var answer = new ByteArrayOutputStream();
      try {
        for (int b; (b = in.read()) >= 0 && answer.size() < 12;) {
          answer.write(b);
        }
      } catch (SocketTimeoutException waiting) {
        return -1;
      }
      String line = answer.toString(StandardCharsets.ISO_8859_1);
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
    }
  }
}
