package net.codestats.pulse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
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
@Tag(name = "Pulses", description = "Sending XP from an editor plugin")
class PulseController {

  private static final byte[] CREATED = "{\"ok\":\"Great success!\"}".getBytes(StandardCharsets.UTF_8);

  private final PulseIngestion ingestion;
  private final PulseRateLimit rateLimit;

  PulseController(PulseIngestion ingestion, PulseRateLimit rateLimit) {
    this.ingestion = ingestion;
    this.rateLimit = rateLimit;
  }

  @Operation(
      operationId = "sendPulse",
      summary = "Send a pulse",
      description = "The XP typed per language since the last pulse, from one machine. A retried identical pulse "
          + "(same machine, coded_at and entries) is answered 201 and counted once. Body at most "
          + PulseLimits.MAX_BODY_BYTES + " bytes, JSON nesting depth at most " + PulseLimits.MAX_NESTING_DEPTH
          + "; the trailing slash and //my/pulses are served too, without redirect.",
      parameters = @Parameter(
          name = "X-API-Token", in = ParameterIn.HEADER, required = true,
          description = "The machine's token (Machines page). Exactly one such header.",
          schema = @Schema(type = "string")),
      requestBody = @RequestBody(
          required = true,
          content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = PulseApiShapes.Request.class))))
  @ApiResponse(responseCode = "201", description = "Stored",
      content = @Content(schema = @Schema(implementation = PulseApiShapes.Created.class)))
  @ApiResponse(responseCode = "400", description = "Not a valid pulse, or over a cap; nothing of it is stored",
      content = @Content(schema = @Schema(implementation = PulseApiShapes.Invalid.class)))
  @ApiResponse(responseCode = "403",
      description = "Missing or duplicated header, unknown or deactivated token",
      content = @Content(schema = @Schema(implementation = PulseApiShapes.Unauthenticated.class)))
  @ApiResponse(responseCode = "413", description = "Body over the cap (also when sent chunked)",
      content = @Content(schema = @Schema(implementation = PulseApiShapes.TooLarge.class)))
  @ApiResponse(responseCode = "429",
      description = "Too many pulses from this machine at once, or too many new languages for the user in 24 hours; "
          + "nothing of the pulse is stored",
      headers = @Header(name = HttpHeaders.RETRY_AFTER, required = true, description = "Seconds to wait",
          schema = @Schema(type = "integer")),
      content = @Content(schema = @Schema(implementation = PulseApiShapes.TooMany.class)))
  @ApiResponse(responseCode = "503", description = "The database is briefly unavailable: send again later",
      headers = @Header(name = HttpHeaders.RETRY_AFTER, required = true, description = "Seconds to wait",
          schema = @Schema(type = "integer")),
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @PostMapping(
      path = {"/api/my/pulses", "/api/my/pulses/"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
    var machine =
        ingestion.authenticate(Collections.list(request.getHeaders("X-API-Token")));
    rateLimit.acquire(machine.machineId());
    ingestion.ingest(machine, readBody(request), request.getRemoteAddr());
    // the same answer every time: written as it is, not through message conversion (9 % of a pulse's CPU)
    response.setStatus(HttpStatus.CREATED.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(CREATED.length);
    response.getOutputStream().write(CREATED);
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
