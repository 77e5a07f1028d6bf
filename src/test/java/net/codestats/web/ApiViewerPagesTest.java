package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API viewers' pages without a browser: linked from /api-docs, their scripts and styles
 * from this server's WebJars (no CDN), under the site's CSP (GraphiQL's with data: fonts only).
 */
@IntegrationTest
class ApiViewerPagesTest {

  @LocalServerPort int port;

  @Test
  void apiDocsLinksTheDocumentTheViewerAndGraphiql() {
    var page = Jsoup.parse(new Http(port).get("/api-docs").body());
    assertThat(page.select("#openapi-document, #openapi-viewer, #graphiql-link").eachAttr("href"))
        .contains("/api/openapi.json", "/api-docs/openapi", "/profile-graphiql");
  }

  @Test
  void theViewersLoadEverythingFromThisServerUnderTheStrictPolicy() {
    var http = new Http(port);
    for (String path : new String[] {"/api-docs/openapi", "/profile-graphiql"}) {
      var response = http.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      var page = Jsoup.parse(response.body());
      var assets = page.select("script[src], link[rel=stylesheet]").stream()
          .map(element -> element.hasAttr("src") ? element.attr("src") : element.attr("href"))
          .toList();
      assertThat(assets).as(path).isNotEmpty().allMatch(asset -> asset.startsWith("/"));
      assertThat(page.select("script:not([src]), style, [style]")).as(path + ": inline scripts or styles").isEmpty();
      for (String asset : assets) {
        assertThat(http.get(asset).statusCode()).as(asset).isEqualTo(200);
      }
      assertThat(response.headers().allValues("Content-Security-Policy")).as(path)
          .containsExactly(path.equals("/profile-graphiql")
              ? ContentSecurityPolicies.WITH_DATA_FONTS
              : ContentSecurityPolicies.SITE);
    }
    assertThat(http.get("/webjars/graphiql/graphiql.min.js").statusCode()).isEqualTo(200);
    assertThat(http.get("/webjars/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
  }
}
