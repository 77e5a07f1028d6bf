package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import graphql.GraphQLContext;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.CoercedVariables;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

/** The profile schema's scalars and the limits that keep every query cheap. */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

  /**
   * Profile queries are at most 3 deep (query → profile → languages → name); only introspection
   * nests further (the standard introspection query is 15 deep). graphql-java's good-faith
   * introspection check allows 20 levels and 500 fields, and each of __schema, __type and the
   * recursive __Type fields once: the same bound here.
   */
  static final int MAX_DEPTH = 20;

  /**
   * Each Profile field runs one aggregate query and costs 10; other fields cost 1. A full
   * profile costs about 110, so one request holds at most two full profiles. Introspection
   * fields cost nothing here: they read the schema in memory, bounded by the good-faith check.
   */
  static final int MAX_COMPLEXITY = 250;

  /**
   * {@code profile { language(name:) }} reads a language's aggregate, the user's total and the
   * recent hours (about three Profile fields): 30, so a request holds at most eight of them.
   */
  static final int LANGUAGE_FIELD_COST = 30;

  /**
   * The GraphQL endpoint is the only functional route, and functional routes are tried before
   * the annotated controllers: every request of the site (a pulse, a page) was matched against
   * the GraphQL routes first, 4 % of a pulse's CPU. Tried after the controllers, only requests
   * no controller takes reach them.
   */
  @Bean
  static BeanPostProcessor graphQlRoutesAfterControllers() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RouterFunctionMapping routes) {
          routes.setOrder(1); // annotated controllers are 0, static resources after both
        }
        return bean;
      }
    };
  }

  /** Longer documents are parsed every time: the cache is for the few queries clients repeat. */
  static final int MAX_CACHED_QUERY_LENGTH = 4_096;

  /**
   * Clients send the same few documents again and again (the profile page's query above all):
   * each is parsed and validated once. Only valid documents are kept; the bound is by size.
   */
  @Bean
  GraphQlSourceBuilderCustomizer parsedDocumentCache(Caches caches) {
    Cache<String, PreparsedDocumentEntry> documents =
        caches.<String, PreparsedDocumentEntry>build(NamedCache.GRAPHQL_DOCUMENTS, (query, entry) -> query.length());
    PreparsedDocumentProvider provider =
        (input, parseAndValidate) -> {
          String query = input.getQuery();
          if (query.length() > MAX_CACHED_QUERY_LENGTH) {
            return CompletableFuture.completedFuture(parseAndValidate.apply(input));
          }
          PreparsedDocumentEntry cached = documents.getIfPresent(query);
          if (cached == null) {
            cached = parseAndValidate.apply(input);
            if (!cached.hasErrors()) {
              documents.put(query, cached);
            }
          }
          return CompletableFuture.completedFuture(cached);
        };
    return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(provider));
  }

  @Bean
  MaxQueryDepthInstrumentation maxQueryDepth() {
    return new MaxQueryDepthInstrumentation(MAX_DEPTH);
  }

  @Bean
  MaxQueryComplexityInstrumentation maxQueryComplexity() {
    return new MaxQueryComplexityInstrumentation(
        MAX_COMPLEXITY,
        (env, childComplexity) -> {
          if (env.getField().getName().startsWith("__") || env.getParentType().getName().startsWith("__")) {
            return 0;
          }
          if ("Profile".equals(env.getParentType().getName()) && "language".equals(env.getField().getName())) {
            return LANGUAGE_FIELD_COST + childComplexity;
          }
          return ("Profile".equals(env.getParentType().getName()) ? 10 : 1) + childComplexity;
        });
  }

  @Bean
  GraphQlCostLimits graphQlCostLimits() {
    return new GraphQlCostLimits(GraphQlCostLimits.TIME_BUDGET);
  }

  @Bean
  RuntimeWiringConfigurer profileScalars() {
    return wiring -> wiring
        .scalar(scalar("Datetime", "an RFC 3339 date-time with offset", GraphQlConfiguration::parseInstant, v -> {
          if (v instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
          }
          throw new CoercingSerializeException("not an instant: " + v);
        }))
        .scalar(scalar("Date", "a date YYYY-MM-DD", GraphQlConfiguration::parseDate, v -> {
          if (v instanceof LocalDate date) {
            return date.toString();
          }
          throw new CoercingSerializeException("not a date: " + v);
        }))
        .scalar(xpMap("ProfileDayOfYearXp", "XP per day of year"))
        .scalar(xpMap("ProfileHourOfDayXp", "XP per local hour of day"));
  }

  /** The day-of-year and hour maps, passed through as JSON objects; output only, as in the original. */
  private static GraphQLScalarType xpMap(String name, String description) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .description(description)
        .coercing(
            new Coercing<Object, Object>() {
              @Override
              public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
              }

              @Override
              public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
              }

              @Override
              public Object parseLiteral(
                  Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                throw new CoercingParseLiteralException(name + " is an output type only");
              }
            })
        .build();
  }

  /**
   * RFC 3339 years have four digits. Java parses far more ({@code +99999999-12-31}), which the
   * database (and {@code java.sql.Timestamp}) cannot hold: such values are bad arguments, not
   * server errors.
   */
  static final int MIN_YEAR = 0;

  static final int MAX_YEAR = 9999;

  static Instant parseInstant(String text) {
    OffsetDateTime time = OffsetDateTime.parse(text.strip().replace('z', 'Z'));
    checkYear(time.getYear());
    return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }

  private static LocalDate parseDate(String text) {
    LocalDate date = LocalDate.parse(text.strip());
    checkYear(date.getYear());
    return date;
  }

  private static void checkYear(int year) {
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new DateTimeException("year out of range: " + year);
    }
  }

  private static GraphQLScalarType scalar(
      String name, String description, Function<String, Object> parse, Function<Object, String> serialize) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .description(description)
        .coercing(
            new Coercing<Object, String>() {
              @Override
              public String serialize(Object value, GraphQLContext context, Locale locale) {
                return serialize.apply(value);
              }

              @Override
              public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof String text) {
                  try {
                    return parse.apply(text);
                  } catch (DateTimeException e) {
                    throw new CoercingParseValueException("Invalid " + name + ": expected " + description);
                  }
                }
                throw new CoercingParseValueException("Invalid " + name + ": expected a string");
              }

              @Override
              public Object parseLiteral(
                  Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue text) {
                  try {
                    return parse.apply(text.getValue());
                  } catch (DateTimeException e) {
                    throw new CoercingParseLiteralException("Invalid " + name + ": expected " + description);
                  }
                }
                throw new CoercingParseLiteralException("Invalid " + name + ": expected a string");
              }
            })
        .build();
  }
}
