package net.codestats.pages;

import net.codestats.web.PageController;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /api-docs/openapi}: the OpenAPI document ({@code /api/openapi.json}) in Swagger UI,
 * served from its WebJar (no CDN) under the site's CSP.
 */
@PageController
class OpenApiViewerController {

  @GetMapping("/api-docs/openapi")
  String viewer() {
    return "pages/openapi";
  }
}
