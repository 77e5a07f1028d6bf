package net.codestats.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI document at {@code /api/openapi.json} (springdoc): title, version
 * and the server, relative to the document. The operations come from the annotations of every
 * {@code @RestController} under {@code /api/**} ({@code springdoc.paths-to-match}), so a new
 * API controller is in the document without a change here.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  @Bean
  OpenAPI codeStatsApi(PageContextInterceptor.AppInfo app) {
    String version = app.version();
    return new OpenAPI()
        .info(new Info()
            .title("Code::Stats API")
            .version(version)
            .description("The JSON API that editor plugins, README badges and profile viewers speak; the same as "
                + "codestats.net's. Errors are {\"error\": \"…\"}: a message for people. The GraphQL profile API "
                + "(/profile-graph) is described by its own schema: try it in GraphiQL at /profile-graphiql.")
            .license(new License().name("API description: CC0").identifier("CC0-1.0")))
        // relative to the document: never the Host a first request named (the document is kept)
        .servers(List.of(new Server().url("/")));
  }
}
