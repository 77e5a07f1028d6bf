package net.codestats.profile;

import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.User;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Controller;

/** The GraphQL profile API at {@code /profile-graph} (schema: {@code graphql/profile.graphqls}). */
@Controller
class ProfileGraphController {

  static final String NO_ACCESS = "User not found or no access to profile.";

  private final ProfileAccess access;
  private final ProfileStats stats;
  private final ProfileCache cache;

  ProfileGraphController(ProfileAccess access, ProfileStats stats, ProfileCache cache) {
    this.access = access;
    this.stats = stats;
    this.cache = cache;
  }

  /** The root type is {@code RootQueryType} as in the original, so not {@code @QueryMapping}. */
  @SchemaMapping(typeName = "RootQueryType", field = "profile")
  User profile(@Argument String username, Principal principal) {
    if (username == null) {
      throw new NoAccess();
    }
    return access.visible(username, principal).orElseThrow(NoAccess::new);
  }

  @SchemaMapping(typeName = "Profile")
  Instant registered(User user) {
    return user.createdAt();
  }

  @SchemaMapping(typeName = "Profile")
  long totalXp(User user) {
    return cache.snapshot(user).profile().totalXp();
  }

  /** All-time figures come from the cached profile; "since" ones from the aggregates. */
  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> languages(User user, @Argument Instant since) {
    return since != null ? stats.languages(user.id(), since) : allTime(cache.snapshot(user).profile().languages());
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> machines(User user, @Argument Instant since) {
    return since != null ? stats.machines(user.id(), since) : allTime(cache.snapshot(user).profile().machines());
  }

  private static List<ProfileStats.NameXp> allTime(Map<String, PublicProfile.Xp> xps) {
    return xps.entrySet().stream().map(e -> new ProfileStats.NameXp(e.getKey(), e.getValue().xps())).toList();
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DateXp> dates(User user, @Argument LocalDate since) {
    return stats.dates(user.id(), since);
  }

  /** The profile page's chart window (the last two weeks) comes from the cached profile. */
  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DayLanguageXp> dayLanguageXps(User user, @Argument LocalDate since) {
    ProfileCache.Snapshot snapshot = cache.snapshot(user);
    if (since != null && !since.isBefore(snapshot.recentDaysFrom())) {
      return snapshot.recentDays().stream().filter(day -> !day.date().isBefore(since)).toList();
    }
    return stats.dayLanguageXps(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DowXp> dayOfWeekXps(User user, @Argument LocalDate since) {
    return stats.dayOfWeekXps(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  Map<String, Long> dayOfYearXps(User user) {
    return cache.snapshot(user).dayOfYear();
  }

  /** Only hours with XP, as the original sends them (the profile page's own data keeps all 24). */
  @SchemaMapping(typeName = "Profile")
  Map<String, Long> hourOfDayXps(User user) {
    Map<String, Long> hours = new LinkedHashMap<>();
    cache.snapshot(user).hours().forEach((hour, xp) -> {
      if (xp > 0) {
        hours.put(hour, xp);
      }
    });
    return hours;
  }

  /** ProfileDate.date is a String in the original schema. */
  @SchemaMapping(typeName = "ProfileDate", field = "date")
  String date(ProfileStats.DateXp date) {
    return date.date().toString();
  }

  @GraphQlExceptionHandler
  GraphQLError noAccess(NoAccess e, DataFetchingEnvironment env) {
    return GraphQLError.newError()
        .errorType(ErrorType.NOT_FOUND)
        .message(NO_ACCESS)
        .path(env.getExecutionStepInfo().getPath())
        .location(env.getField().getSourceLocation())
        .build();
  }

  static final class NoAccess extends RuntimeException {
    NoAccess() {
      super(NO_ACCESS, null, false, false);
    }
  }
}
