package net.codestats.pulse;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import net.codestats.web.ErrorBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/my/pulses}, also with a trailing slash (and, through the double-slash
 * filter, {@code /api//my/pulses}), served directly: some plugins stop on any redirect.
 */
@RestController
class PulseController {

  private final PulseIngestion ingestion;
  private final PulseRateLimit rateLimit;

  PulseController(PulseIngestion ingestion, PulseRateLimit rateLimit) {
    this.ingestion = ingestion;
    this.rateLimit = rateLimit;
  }

  @PostMapping(
      path = {"/api/my/pulses", "/api/my/pulses/"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> receive(HttpServletRequest request) throws IOException {
    var machine =
        ingestion.authenticate(Collections.list(request.getHeaders("X-API-Token")));
    rateLimit.acquire(machine.machineId());
    ingestion.ingest(machine, readBody(request), request.getRemoteAddr());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("ok", "Great success!"));
  }

  @ExceptionHandler
  ResponseEntity<ErrorBody> rejected(PulseRejected rejection) {
    var response = ResponseEntity.status(rejection.status());
    if (rejection.retryAfterSeconds() > 0) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(rejection.retryAfterSeconds()));
    }
    return ErrorBody.answer(response, rejection.getMessage());
  }

  /** Reads at most the body cap, whether or not a Content-Length was sent (chunked bodies). */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > PulseLimits.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(PulseLimits.MAX_BODY_BYTES + 1);
      if (body.length > PulseLimits.MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return body;
    }
  }

  private static PulseRejected tooLarge() {
    return new PulseRejected(
        HttpStatus.CONTENT_TOO_LARGE,
        "Request body too large: at most " + PulseLimits.MAX_BODY_BYTES + " bytes.");
  }
}
