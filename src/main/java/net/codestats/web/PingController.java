package net.codestats.web;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ping}: a constant small JSON answer, for uptime checks and as the
 * benchmarks' reference for what the HTTP stack costs by itself.
 */
@RestController
class PingController {

  private static final Map<String, Boolean> OK = Map.of("ok", true);

  @GetMapping(path = "/api/ping", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Boolean> ping() {
    return OK;
  }
}
