package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-request time budget, on graphql-java itself with a data fetcher that takes its time. */
class GraphQlCostLimitsTest {

  @Test
  void fetchersPastTheTimeBudgetAnswerAnErrorInsteadOfRunning() {
    AtomicInteger runs = new AtomicInteger();
    DataFetcher<String> slow =
        env -> {
          runs.incrementAndGet();
          Thread.sleep(60);
          return "done";
        };
    var schema =
        new SchemaGenerator()
            .makeExecutableSchema(
                new SchemaParser().parse("type Query { slow: String }"),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("slow", slow)).build());

    ExecutionResult withinBudget =
        GraphQL.newGraphQL(schema).instrumentation(new GraphQlCostLimits(Duration.ofSeconds(5))).build()
            .execute("{ a: slow b: slow c: slow }");
    assertThat(withinBudget.getErrors()).isEmpty();
    assertThat(withinBudget.<Map<String, Object>>getData()).containsEntry("c", "done");
    assertThat(runs.get()).isEqualTo(3);

    runs.set(0);
    ExecutionResult overBudget =
        GraphQL.newGraphQL(schema).instrumentation(new GraphQlCostLimits(Duration.ofMillis(100))).build()
            .execute("{ a: slow b: slow c: slow }");
    assertThat(overBudget.<Map<String, Object>>getData()).containsEntry("a", "done").containsEntry("b", "done")
        .containsEntry("c", null);
    assertThat(overBudget.getErrors()).extracting(GraphQLError::getMessage)
        .containsExactly("The request took longer than its time budget of 100 ms.");
    assertThat(runs.get()).isEqualTo(2);
  }
}
