package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import graphql.ExecutionResult;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The schema does not change while the server runs, so the answer to a document that asks for
 * introspection only (what GraphiQL, graphql-codegen and schema dumps send; about 40 ms of CPU
 * each to run) is computed once per document and variables and then served from memory. A
 * document that asks for anything else (a profile above all) is never kept.
 */
@Component
class IntrospectionResults implements WebGraphQlInterceptor {

  private record Key(String document, String operationName, Map<String, Object> variables) {}

  private final Cache<Key, ExecutionResult> results;

  IntrospectionResults(Caches caches) {
    this.results = caches.build(NamedCache.GRAPHQL_INTROSPECTION);
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String document = request.getDocument();
    if (!document.contains("__schema") && !document.contains("__type")) {
      return chain.next(request);
    }
    var key = new Key(document, request.getOperationName(),
        Collections.unmodifiableMap(new HashMap<>(request.getVariables())));
    ExecutionResult cached = results.getIfPresent(key);
    if (cached != null) {
      return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), cached)));
    }
    return chain
        .next(request)
        .doOnNext(
            response -> {
              if (response.isValid() && response.getErrors().isEmpty() && asksForIntrospectionOnly(document)) {
                results.put(key, response.getExecutionResult());
              }
            });
  }

  /** Every operation selects only {@code __}-fields at its top; fragments may only sit below them. */
  static boolean asksForIntrospectionOnly(String text) {
    Document document;
    try {
      document =
          Parser.parse(
              ParserEnvironment.newParserEnvironment()
                  .document(text)
                  .parserOptions(GraphQlCostLimits.PARSER_OPTIONS)
                  .build());
    } catch (InvalidSyntaxException e) { // also a document over the parser's budgets
      return false;
    }
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        boolean introspectionOnly =
            operation.getSelectionSet().getSelections().stream()
                .allMatch(selection -> selection instanceof Field field && field.getName().startsWith("__"));
        if (!introspectionOnly) {
          return false;
        }
      } else if (!(definition instanceof FragmentDefinition)) {
        return false;
      }
    }
    return true;
  }
}
