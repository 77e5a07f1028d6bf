package net.codestats.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The annotated request mappings, looked up by the request path's first segment before their
 * conditions are tried: a path with a variable in it ({@code /users/{username}}) is no direct
 * path, so Spring tries every mapping of the application on it, which was a fifth of what a
 * cached profile read cost. A segment's mappings are the ones whose patterns start with it
 * (and those that start with a variable, none today); a path that cannot be indexed (a direct
 * path, an encoded first segment, a CORS pre-flight) or that none of them matches is looked up
 * as Spring does, so a 405 or 415 is still found and told.
 */
public final class FirstSegmentHandlerMapping extends RequestMappingHandlerMapping {

  /** A mapping and its handler; as a match, the mapping narrowed to what the request matched. */
  private record Candidate(RequestMappingInfo info, HandlerMethod handler) {}

  /** The mappings by first segment; any segment not in it has {@code others}' only. */
  private record Index(Map<String, List<Candidate>> bySegment, List<Candidate> others, Set<String> directPaths) {
    List<Candidate> candidates(String segment) {
      return bySegment.getOrDefault(segment, others);
    }
  }

  /** Built after the mappings are registered, dropped when one is added or removed later. */
  private volatile Index index;

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    WebMvcRegistrations firstSegmentHandlerMapping() {
      return new WebMvcRegistrations() {
        @Override
        public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
          return new FirstSegmentHandlerMapping();
        }
      };
    }
  }

  @Override
  protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
    super.registerHandlerMethod(handler, method, mapping);
    index = null;
  }

  @Override
  public void unregisterMapping(RequestMappingInfo mapping) {
    super.unregisterMapping(mapping);
    index = null;
  }

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    Index current = index();
    String segment = firstSegment(lookupPath);
    if (segment == null || current.directPaths().contains(lookupPath) || CorsUtils.isPreFlightRequest(request)) {
      return super.lookupHandlerMethod(lookupPath, request);
    }
    List<Candidate> candidates = current.candidates(segment);
    if (candidates.isEmpty()) {
      return null; // no pattern could match, so no partial match either: Spring would find none
    }
    List<Candidate> matches = new ArrayList<>(2);
    for (Candidate candidate : candidates) {
      RequestMappingInfo match = getMatchingMapping(candidate.info(), request);
      if (match != null) {
        matches.add(new Candidate(match, candidate.handler()));
      }
    }
    if (matches.isEmpty()) {
      return super.lookupHandlerMethod(lookupPath, request); // to tell why (405, 406, 415)
    }
    Candidate best = matches.get(0);
    if (matches.size() > 1) {
      Comparator<RequestMappingInfo> infos = getMappingComparator(request);
      Comparator<Candidate> order = (a, b) -> infos.compare(a.info(), b.info());
      matches.sort(order);
      best = matches.get(0);
      Candidate second = matches.get(1);
      if (order.compare(best, second) == 0) {
        throw new IllegalStateException("Ambiguous handler methods mapped for '" + request.getRequestURI() + "': {"
            + best.handler().getMethod() + ", " + second.handler().getMethod() + "}");
      }
    }
    request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, best.handler());
    handleMatch(best.info(), lookupPath, request);
    return best.handler();
  }

  private Index index() {
    Index current = index;
    if (current == null) {
      current = build(getHandlerMethods());
      index = current;
    }
    return current;
  }

  private static Index build(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
    Map<String, List<Candidate>> bySegment = new HashMap<>();
    List<Candidate> others = new ArrayList<>();
    Set<String> directPaths = new HashSet<>();
    handlerMethods.forEach((info, handler) -> {
      var candidate = new Candidate(info, handler);
      directPaths.addAll(info.getDirectPaths());
      Set<String> segments = segmentsOf(info);
      if (segments == null) {
        others.add(candidate);
      } else {
        segments.forEach(segment -> bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(candidate));
      }
    });
    bySegment.values().forEach(list -> list.addAll(others));
    Map<String, List<Candidate>> frozen = new HashMap<>();
    bySegment.forEach((segment, list) -> frozen.put(segment, List.copyOf(list)));
    return new Index(Map.copyOf(frozen), List.copyOf(others), Set.copyOf(directPaths));
  }

  /** The literal first segments of the mapping's patterns; null when one of them has none. */
  private static Set<String> segmentsOf(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return null;
    }
    Set<String> segments = new HashSet<>();
    for (PathPattern pattern : condition.getPatterns()) {
      String segment = firstSegment(pattern.getPatternString());
      if (segment == null || segment.contains("{") || segment.contains("*") || segment.contains("?")) {
        return null;
      }
      segments.add(segment);
    }
    return segments;
  }

  /**
   * The first segment of a path, without its matrix parameters; null when it cannot be
   * compared as it is (no leading slash, or percent-encoded).
   */
  static String firstSegment(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    int end = path.length();
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/' || c == ';') {
        end = i;
        break;
      }
    }
    String segment = path.substring(1, end);
    return segment.indexOf('%') >= 0 ? null : segment;
  }
}
