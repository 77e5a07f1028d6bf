package net.codestats.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.codestats.support.Http;
import net.codestats.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

@IntegrationTest
class FirstSegmentHandlerMappingTest {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  private FirstSegmentHandlerMapping mapping() {
    return context.getBean("requestMappingHandlerMapping", FirstSegmentHandlerMapping.class);
  }

  @Test
  void everyMappingIsFoundForAPathOfItsPatternAndMethod() throws Exception {
    var mapping = mapping();
    List<String> checked = new ArrayList<>();
    for (var entry : mapping.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = entry.getKey();
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      String method = methods.isEmpty() ? "GET" : methods.iterator().next().name();
      for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
        String path = pattern.getPatternString().replaceAll("\\{[^}]+}", "x1");
        var request = new MockHttpServletRequest(method, path);
        info.getProducesCondition().getProducibleMediaTypes().stream().findFirst()
            .ifPresent(type -> request.addHeader("Accept", type.toString()));
        info.getConsumesCondition().getConsumableMediaTypes().stream().findFirst()
            .ifPresent(type -> request.setContentType(type.toString()));
        ServletRequestPathUtils.parseAndCache(request);
        var chain = mapping.getHandler(request);
        assertThat(chain).as(method + " " + path).isNotNull();
        var found = (HandlerMethod) chain.getHandler();
        // the found handler has a mapping with this pattern (two may share one, told apart by Accept)
        assertThat(mapping.getHandlerMethods().entrySet()).as(method + " " + path)
            .anySatisfy(other -> {
              assertThat(other.getValue().getMethod()).isEqualTo(found.getMethod());
              assertThat(other.getKey().getPathPatternsCondition().getPatterns()).contains(pattern);
            });
        checked.add(method + " " + path);
      }
    }
    assertThat(checked).hasSizeGreaterThan(60).contains("GET /users/x1", "GET /api/users/x1", "GET /api/ping");
  }

  @Test
  void whatNoMappingTakesIsToldAsBefore() {
    var http = new Http(port);
    // a pattern's path by another method: 405 with the methods it takes
    var post = http.send(http.request("/api/users/someone").POST(java.net.http.HttpRequest.BodyPublishers.noBody())
        .build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    // a first segment no mapping has, and one some have with nothing after it matching
    assertThat(http.get("/no-such-segment/x").statusCode()).isEqualTo(404);
    assertThat(http.get("/users/someone/no-such-part").statusCode()).isEqualTo(404);
    // an encoded first segment is looked up as Spring does: found as the plain one
    assertThat(http.get("/%61pi/users/no-such-user-here").statusCode()).isEqualTo(404);
    assertThat(http.get("/%61pi/ping").statusCode()).isEqualTo(200);
    // positive control: the plain paths are found
    assertThat(http.get("/api/ping").statusCode()).isEqualTo(200);
    assertThat(http.get("/api/users/no-such-user-here").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/users/no-such-user-here").body()).contains("error");
  }

  @Test
  void firstSegments() {
    assertThat(FirstSegmentHandlerMapping.firstSegment("/users/x")).isEqualTo("users");
    assertThat(FirstSegmentHandlerMapping.firstSegment("/users")).isEqualTo("users");
    assertThat(FirstSegmentHandlerMapping.firstSegment("/users;a=b/x")).isEqualTo("users");
    assertThat(FirstSegmentHandlerMapping.firstSegment("/")).isEqualTo("");
    assertThat(FirstSegmentHandlerMapping.firstSegment("/%75sers/x")).isNull();
    assertThat(FirstSegmentHandlerMapping.firstSegment("users")).isNull();
  }
}
