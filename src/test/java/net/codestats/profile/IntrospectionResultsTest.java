package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntrospectionResultsTest {

  @Test
  void keepsOnlyDocumentsThatAskForIntrospectionAlone() throws IOException {
    String standard;
    try (var in = getClass().getResourceAsStream("/introspection/introspection-query.graphql")) {
      standard = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(IntrospectionResults.asksForIntrospectionOnly(standard)).isTrue();
    assertThat(IntrospectionResults.asksForIntrospectionOnly("{ a: __schema { queryType { name } } __typename }"))
        .isTrue();
    assertThat(IntrospectionResults
        .asksForIntrospectionOnly("{ __schema { queryType { name } } profile(username: \"x\") { totalXp } }"))
        .isFalse();
    assertThat(IntrospectionResults
        .asksForIntrospectionOnly("{ ...F } fragment F on RootQueryType { __schema { queryType { name } } }"))
        .isFalse();
    assertThat(IntrospectionResults.asksForIntrospectionOnly("{ __schema { ")).isFalse();
  }
}
