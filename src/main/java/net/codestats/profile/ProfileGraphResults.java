package net.codestats.profile;

import com.github.benmanes.caffeine.cache.Cache;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLContext;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.codestats.account.User;
import net.codestats.pulse.Pulses;
import net.codestats.system.Caches;
import net.codestats.system.NamedCache;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * Profile answers computed once per profile snapshot. A profile's figures change only with the
 * events that replace its {@link ProfileCache.Snapshot} (pulses, machine and hidden-item
 * changes, rebuilds, imports, the 30 s expiry), so an answer is kept with the snapshots it was
 * read from and served while each is still the current one; who may see the profile is checked
 * again on every use (a profile made private, a renamed account: a miss). Only answers without
 * errors that read nothing but snapshot-backed fields are kept ({@code language(name:)} reads
 * its own figures).
 *
 * <p>The original profile page asks for "XP since 12 hours ago", an instant that moves with the
 * clock. Two instants give the same answer when no pulse of the user was sent between them and
 * both lie in the same UTC hour (the hour's remainder comes from the raw pulses, later hours
 * from the hourly aggregate): such a literal is replaced by the earliest pulse at or after it in
 * its hour, or the next whole hour, for a second key. The answer is kept as its JSON, so a hit
 * writes bytes instead of the tree.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ProfileGraphResults implements WebGraphQlInterceptor {

  /** @param viewer the signed-in user's name, null for visitors */
  record Key(String document, String operationName, Map<String, Object> variables, String viewer) {}

  /** One profile the answer shows, as the viewer saw it; a null snapshot: only the account was read. */
  record Seen(String username, long userId, boolean owner, WeakReference<ProfileCache.Snapshot> snapshot) {}

  record Entry(List<Seen> seen, RawValue data, int bytes) {}

  /**
   * What one execution read, put into its GraphQL context and filled by the data fetchers. A
   * profile asked for twice under one name must have been read from one snapshot.
   */
  static final class Reads {
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile boolean uncacheable;

    void profile(String username, User user, boolean owner) {
      seen.merge(username, new Seen(username, user.id(), owner, null), (a, b) -> a.userId() == b.userId()
          && a.owner() == b.owner() ? a : conflict(a));
    }

    void snapshot(String username, ProfileCache.Snapshot snapshot) {
      seen.computeIfPresent(username, (name, known) -> {
        ProfileCache.Snapshot before = known.snapshot() == null ? null : known.snapshot().get();
        if (known.snapshot() != null && before != snapshot) {
          uncacheable = true; // replaced while this answer was made
          return known;
        }
        return new Seen(known.username(), known.userId(), known.owner(), new WeakReference<>(snapshot));
      });
    }

    void uncacheable() {
      uncacheable = true;
    }

    private Seen conflict(Seen known) {
      uncacheable = true;
      return known;
    }
  }

  private final ProfileAccess access;
  private final ProfileCache profiles;
  private final Pulses pulses;
  private final JsonMapper json;
  private final Cache<Key, Entry> results;
  private final Cache<ProfileCache.Snapshot, Map<Instant, NavigableSet<Instant>>> pulseTimes;
  /** answers being made now, by key: one execution per key, the other requests wait for it */
  private final Map<Key, CompletableFuture<Entry>> computing = new ConcurrentHashMap<>();
  /** a waiter that waited this long runs the query itself */
  static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(2);
  /** For tests: runs just before each execution of a query. */
  volatile Runnable beforeExecuting = () -> {};

  ProfileGraphResults(ProfileAccess access, ProfileCache profiles, Pulses pulses, JsonMapper json, Caches caches) {
    this.access = access;
    this.profiles = profiles;
    this.pulses = pulses;
    this.json = json;
    this.results = caches.build(NamedCache.GRAPHQL_RESULTS,
        (Key key, Entry entry) -> entry.bytes() + 2 * key.document().length());
    this.pulseTimes = caches.build(NamedCache.GRAPHQL_PULSE_TIMES);
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String document = request.getDocument();
    if (document.contains("__schema") || document.contains("__type")) {
      return chain.next(request); // introspection: IntrospectionResults
    }
    Principal viewer = SecurityContextHolder.getContext().getAuthentication();
    Map<String, Object> variables = Collections.unmodifiableMap(new HashMap<>(request.getVariables()));
    Key exact = new Key(document, request.getOperationName(), variables, ProfileAccess.viewerName(viewer));
    Mono<WebGraphQlResponse> hit = served(exact, request, viewer);
    if (hit != null) {
      return hit;
    }
    String normalised = normalised(document, variables, viewer);
    Key general = normalised == null || normalised.equals(document)
        ? null
        : new Key(normalised, exact.operationName(), variables, exact.viewer());
    if (general != null) {
      hit = served(general, request, viewer);
      if (hit != null) {
        return hit;
      }
    }
    Key key = flightKey(exact, general);
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = computing.putIfAbsent(key, mine);
    if (running == null) {
      return executed(request, chain, exact, general, mine);
    }
    // the same answer is being made: wait for it rather than make it again (after a pulse or the
    // snapshot's expiry every reader of a popular profile misses at once). This runs on the
    // request's own (virtual) thread, so waiting blocks nobody else, and a query run here after
    // all runs with this request's security context.
    Entry made = awaited(key, running);
    if (made != null && current(made, viewer)) {
      return Mono.just(response(made, request));
    }
    return executed(request, chain, exact, general, null);
  }

  /**
   * What the other execution kept; null if it kept nothing, failed or took too long (then it no
   * longer holds the key: the next reader runs the query rather than wait again).
   */
  private Entry awaited(Key key, CompletableFuture<Entry> running) {
    try {
      return running.get(WAIT_FOR_OTHER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (TimeoutException e) {
      computing.remove(key, running);
      return null;
    } catch (ExecutionException e) {
      return null;
    }
  }

  /** The key one execution is made under: the normalised one where there is one. */
  private static Key flightKey(Key exact, Key general) {
    return general != null ? general : exact;
  }

  /** Runs the query; {@code mine}, if given, is completed with what was kept (null: nothing). */
  private Mono<WebGraphQlResponse> executed(WebGraphQlRequest request, Chain chain, Key exact, Key general,
      CompletableFuture<Entry> mine) {
    Reads reads = new Reads();
    request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(Reads.class, reads)).build());
    Mono<WebGraphQlResponse> next;
    try {
      beforeExecuting.run();
      next = chain.next(request);
    } catch (RuntimeException e) {
      if (mine != null) {
        mine.complete(null);
        computing.remove(flightKey(exact, general), mine);
      }
      throw e;
    }
    Mono<WebGraphQlResponse> answer = next.map(response -> {
      Entry entry = kept(response, reads, exact, general);
      if (mine != null) {
        mine.complete(entry);
      }
      return response;
    });
    if (mine == null) {
      return answer;
    }
    return answer.doFinally(signal -> {
      mine.complete(null); // failed or cancelled: the waiters run it themselves
      computing.remove(flightKey(exact, general), mine);
    });
  }

  /** The answer from memory when each profile it shows is still visible and unchanged, else null. */
  private Mono<WebGraphQlResponse> served(Key key, WebGraphQlRequest request, Principal viewer) {
    Entry entry = results.getIfPresent(key);
    if (entry == null || !current(entry, viewer)) {
      return null;
    }
    return Mono.just(response(entry, request));
  }

  private static WebGraphQlResponse response(Entry entry, WebGraphQlRequest request) {
    ExecutionResult result = ExecutionResultImpl.newExecutionResult().data(entry.data()).build();
    return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
  }

  private boolean current(Entry entry, Principal viewer) {
    for (Seen seen : entry.seen()) {
      Optional<User> user = access.visible(seen.username(), viewer);
      if (user.isEmpty() || user.get().id() != seen.userId()
          || ProfileAccess.isOwner(user.get(), viewer) != seen.owner()) {
        return false;
      }
      if (seen.snapshot() != null && seen.snapshot().get() != snapshot(user.get(), seen.owner())) {
        return false;
      }
    }
    return true;
  }

  private ProfileCache.Snapshot snapshot(User user, boolean owner) {
    return owner ? profiles.ownerSnapshot(user) : profiles.snapshot(user);
  }

  /**
   * Keeps an answer made of snapshot-backed fields only, and returns it (null: not kept). This
   * first answer goes out as graphql-java made it; later ones are its bytes.
   */
  private Entry kept(WebGraphQlResponse response, Reads reads, Key exact, Key general) {
    if (!response.isValid() || !response.getErrors().isEmpty() || reads.uncacheable || reads.seen.isEmpty()
        || response.getExecutionResult().getExtensions() != null
        || !(response.getExecutionResult().getData() instanceof Map<?, ?>)) {
      return null;
    }
    byte[] bytes = json.writeValueAsBytes(response.getExecutionResult().getData());
    RawValue data = new RawValue(new String(bytes, StandardCharsets.UTF_8));
    Entry entry = new Entry(List.copyOf(reads.seen.values()), data, bytes.length);
    results.put(exact, entry);
    if (general != null) {
      results.put(general, entry);
    }
    return entry;
  }

  /**
   * The document with each {@code since} literal of a top-level profile's {@code languages} and
   * {@code machines} replaced by the first instant with the same answer for that profile; null
   * when it does not parse (the execution answers the error).
   */
  String normalised(String text, Map<String, Object> variables, Principal viewer) {
    Document document;
    try {
      document = Parser.parse(
          ParserEnvironment.newParserEnvironment().document(text).parserOptions(GraphQlCostLimits.PARSER_OPTIONS)
              .build());
    } catch (InvalidSyntaxException e) {
      return null;
    }
    boolean changed = false;
    List<Definition> definitions = new ArrayList<>();
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation
          && operation.getOperation() == OperationDefinition.Operation.QUERY) {
        SelectionSet set = operation.getSelectionSet();
        SelectionSet rewritten = rewriteProfiles(set, variables, viewer);
        if (rewritten != set) {
          changed = true;
          definitions.add(operation.transform(builder -> builder.selectionSet(rewritten)));
          continue;
        }
      }
      definitions.add(definition);
    }
    return changed ? AstPrinter.printAstCompact(document.transform(builder -> builder.definitions(definitions))) : text;
  }

  private SelectionSet rewriteProfiles(SelectionSet set, Map<String, Object> variables, Principal viewer) {
    List<Selection> selections = new ArrayList<>();
    boolean changed = false;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field && field.getName().equals("profile") && field.getSelectionSet() != null) {
        User user = visibleUser(field, variables, viewer);
        if (user != null) {
          ProfileCache.Snapshot snapshot = snapshot(user, ProfileAccess.isOwner(user, viewer));
          SelectionSet inner = rewriteSince(field.getSelectionSet(), user.id(), snapshot);
          if (inner != field.getSelectionSet()) {
            changed = true;
            selections.add(field.transform(builder -> builder.selectionSet(inner)));
            continue;
          }
        }
      }
      selections.add(selection);
    }
    return changed ? set.transform(builder -> builder.selections(selections)) : set;
  }

  private User visibleUser(Field profile, Map<String, Object> variables, Principal viewer) {
    Argument username = profile.getArguments().stream().filter(a -> a.getName().equals("username")).findFirst()
        .orElse(null);
    Object name = username == null ? null : valueOf(username.getValue(), variables);
    if (!(name instanceof String text)) {
      return null;
    }
    return access.visible(text, viewer).orElse(null);
  }

  private static Object valueOf(Value<?> value, Map<String, Object> variables) {
    return switch (value) {
      case StringValue text -> text.getValue();
      case VariableReference reference -> variables.get(reference.getName());
      default -> null;
    };
  }

  private SelectionSet rewriteSince(SelectionSet set, long userId, ProfileCache.Snapshot snapshot) {
    List<Selection> selections = new ArrayList<>();
    boolean changed = false;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field
          && (field.getName().equals("languages") || field.getName().equals("machines"))) {
        List<Argument> arguments = new ArrayList<>();
        boolean fieldChanged = false;
        for (Argument argument : field.getArguments()) {
          if (argument.getName().equals("since") && argument.getValue() instanceof StringValue literal) {
            String canonical = canonical(literal.getValue(), userId, snapshot);
            if (canonical != null && !canonical.equals(literal.getValue())) {
              arguments.add(argument.transform(builder -> builder.value(StringValue.of(canonical))));
              fieldChanged = true;
              continue;
            }
          }
          arguments.add(argument);
        }
        if (fieldChanged) {
          changed = true;
          selections.add(field.transform(builder -> builder.arguments(arguments)));
          continue;
        }
      }
      selections.add(selection);
    }
    return changed ? set.transform(builder -> builder.selections(selections)) : set;
  }

  /**
   * The earliest instant with the same "since" answer as {@code text} for this snapshot's
   * profile: the first pulse sent at or after it in its UTC hour, else the next whole hour.
   * Null when the literal is not a valid Datetime.
   */
  String canonical(String text, long userId, ProfileCache.Snapshot snapshot) {
    Instant since;
    try {
      since = GraphQlConfiguration.parseInstant(text);
    } catch (DateTimeException e) {
      return null;
    }
    Instant hourStart = since.truncatedTo(ChronoUnit.HOURS);
    if (hourStart.equals(since)) {
      return DateTimeFormatter.ISO_INSTANT.format(since);
    }
    Instant next = pulseTimes(userId, snapshot, hourStart).ceiling(since);
    return DateTimeFormatter.ISO_INSTANT.format(next != null ? next : hourStart.plus(1, ChronoUnit.HOURS));
  }

  /** Pulses of every machine and language: hidden ones only make the steps finer. */
  private NavigableSet<Instant> pulseTimes(long userId, ProfileCache.Snapshot snapshot, Instant hourStart) {
    Map<Instant, NavigableSet<Instant>> byHour = pulseTimes.get(snapshot, s -> new ConcurrentHashMap<>());
    return byHour.computeIfAbsent(hourStart, hour -> Collections.unmodifiableNavigableSet(new TreeSet<>(
        pulses.sentAtBetween(userId, hour, hour.plus(1, ChronoUnit.HOURS)))));
  }

  static Reads reads(GraphQLContext context) {
    return Objects.requireNonNullElseGet(context.get(Reads.class), Reads::new);
  }

  /** For tests: how many answers are being made now. */
  int computing() {
    return computing.size();
  }

  /** For tests: how many answers are kept. */
  long size() {
    results.cleanUp();
    return results.estimatedSize();
  }

  /** For tests: the keys kept, in no order. */
  Map<Key, Entry> entries() {
    results.cleanUp();
    return new LinkedHashMap<>(results.asMap());
  }
}
