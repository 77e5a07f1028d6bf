package net.codestats.profile;

import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetcher;
import graphql.validation.ValidationError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds what one document may cost before and while it runs. The parser stops at a token and
 * nesting budget; before validation (whose rules, such as OverlappingFieldsCanBeMerged and
 * NoFragmentCycles, walk every fragment once per use and grow faster than linearly with
 * fragment chains) the document is measured in one linear pass: fragment definitions, and
 * selections with every fragment spread expanded. Data fetchers past the request's time budget
 * answer an error instead of running.
 */
class GraphQlCostLimits extends SimplePerformantInstrumentation {

  /** The standard introspection query has about 300 tokens, the profile page's about 100. */
  static final int MAX_TOKENS = 2_000;

  /** Parser rule nesting; the introspection query's nine nested ofType need about 60. */
  static final int MAX_RULE_DEPTH = 150;

  /** The introspection query uses three fragments. */
  static final int MAX_FRAGMENTS = 32;

  /**
   * Fields, spreads and inline fragments with fragments expanded; the introspection query has
   * about 220, two full profiles about 60. Validation compares same-named fields pairwise, so
   * its work grows with the square of this.
   */
  static final int MAX_EXPANDED_SELECTIONS = 500;

  /** The heavy profile query takes a few ms; a database that slow is better answered with an error. */
  static final Duration TIME_BUDGET = Duration.ofSeconds(2);

  static final ParserOptions PARSER_OPTIONS =
      ParserOptions.getDefaultOperationParserOptions()
          .transform(
              options -> options
                  .maxTokens(MAX_TOKENS)
                  .maxRuleDepth(MAX_RULE_DEPTH)
                  .maxCharacters(RawGraphQlDocumentFilter.MAX_BODY_BYTES)
                  .captureLineComments(false)
                  .captureIgnoredChars(false));

  private record Deadline(long nanos) implements InstrumentationState {
    boolean passed() {
      return System.nanoTime() - nanos > 0;
    }
  }

  private final Duration budget;

  GraphQlCostLimits(Duration budget) {
    this.budget = budget;
  }

  @Override
  public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** The parser reads its options from the request's context (ParseAndValidate.parse). */
  @Override
  public ExecutionInput instrumentExecutionInput(
      ExecutionInput input, InstrumentationExecutionParameters parameters, InstrumentationState state) {
    input.getGraphQLContext().put(ParserOptions.class, PARSER_OPTIONS);
    return input;
  }

  @Override
  public InstrumentationContext<List<ValidationError>> beginValidation(
      InstrumentationValidationParameters parameters, InstrumentationState state) {
    String refusal = refusal(parameters.getDocument());
    if (refusal != null) {
      throw new AbortExecutionException(refusal);
    }
    return null;
  }

  @Override
  public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    if (((Deadline) state).passed()) {
      throw new AbortExecutionException(overBudget());
    }
    return null;
  }

  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
    if (parameters.isTrivialDataFetcher()) {
      return fetcher;
    }
    Deadline deadline = (Deadline) state;
    return env -> {
      if (deadline.passed()) {
        return DataFetcherResult.newResult()
            .error(
                GraphqlErrorBuilder.newError(env).errorType(ErrorType.ExecutionAborted).message(overBudget()).build())
            .build();
      }
      return fetcher.get(env);
    };
  }

  private String overBudget() {
    return "The request took longer than its time budget of " + budget.toMillis() + " ms.";
  }

  /** Why the document is too costly to validate and run, or null. Linear in its size. */
  static String refusal(Document document) {
    List<FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class);
    if (fragments.size() > MAX_FRAGMENTS) {
      return "Too many fragments: " + fragments.size() + " > " + MAX_FRAGMENTS + ".";
    }
    var sizes = new ExpandedSizes(fragments);
    long total = 0;
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      total = Math.min(Long.MAX_VALUE / 2, total + sizes.of(operation.getSelectionSet()));
    }
    for (FragmentDefinition fragment : fragments) {
      total = Math.min(Long.MAX_VALUE / 2, total + sizes.of(fragment));
    }
    if (total > MAX_EXPANDED_SELECTIONS) {
      return "Too many selections with fragments expanded: more than " + MAX_EXPANDED_SELECTIONS + ".";
    }
    return null;
  }

  /** Selections per fragment with spreads expanded, each fragment measured once; cycles count once. */
  private static final class ExpandedSizes {
    private final Map<String, FragmentDefinition> byName = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();

    ExpandedSizes(List<FragmentDefinition> fragments) {
      fragments.forEach(fragment -> byName.putIfAbsent(fragment.getName(), fragment));
    }

    long of(FragmentDefinition fragment) {
      Long known = sizes.get(fragment.getName());
      if (known != null) {
        return known;
      }
      sizes.put(fragment.getName(), 1L); // while measured: a cycle (refused by validation) counts once
      long size = of(fragment.getSelectionSet());
      sizes.put(fragment.getName(), size);
      return size;
    }

    long of(SelectionSet set) {
      if (set == null) {
        return 0;
      }
      long size = 0;
      for (Selection<?> selection : set.getSelections()) {
        size += 1;
        switch (selection) {
          case Field field -> size += of(field.getSelectionSet());
          case InlineFragment inline -> size += of(inline.getSelectionSet());
          case FragmentSpread spread -> {
            FragmentDefinition target = byName.get(spread.getName());
            size += target == null ? 0 : of(target);
          }
          default -> {}
        }
        if (size > MAX_EXPANDED_SELECTIONS) {
          return size; // enough to refuse; a fan-out of fragments stops growing here
        }
      }
      return size;
    }
  }
}
