package net.codestats.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ping}: a constant small JSON answer, for uptime checks and as the
 * benchmarks' reference for what the HTTP stack costs by itself.
 */
@RestController
@Tag(name = "Service")
class PingController {

  private static final Map<String, Boolean> OK = Map.of("ok", true);

  /** The answer's shape, for the OpenAPI document (the controller answers a constant map). */
  @Schema(name = "Ping", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record Pong(@Schema(requiredMode = RequiredMode.REQUIRED, _const = "true") boolean ok) {}

  @Operation(operationId = "ping", summary = "Is the server up?", description = "Needs no database; for uptime checks.")
  @ApiResponse(responseCode = "200", description = "Up",
      content = @Content(schema = @Schema(implementation = Pong.class)))
  @GetMapping(path = "/api/ping", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Boolean> ping() {
    return OK;
  }
}
