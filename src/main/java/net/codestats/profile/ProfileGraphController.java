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
import net.codestats.xp.HiddenShare;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Controller;

/**
 * The GraphQL profile API at {@code /profile-graph} (schema: {@code graphql/profile.graphqls}).
 * Anyone but the signed-in owner gets the public view, without the user's hidden items.
 */
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
  Viewed profile(@Argument String username, Principal principal, DataFetchingEnvironment env) {
    if (username == null) {
      throw new NoAccess();
    }
    User user = access.visible(username, principal).orElseThrow(NoAccess::new);
    boolean owner = ProfileAccess.isOwner(user, principal);
    ProfileGraphResults.Reads reads = ProfileGraphResults.reads(env.getGraphQlContext());
    reads.profile(username, user, owner);
    return new Viewed(user, owner, username, reads);
  }

  /**
   * The profile as this request may see it: its owner (signed in) everything, anyone else the
   * public view without the user's hidden items. What it reads is noted in {@code reads}, under
   * the name as asked, for {@link ProfileGraphResults}.
   */
  record Viewed(User user, boolean owner, String asked, ProfileGraphResults.Reads reads) {
    long id() {
      return user.id();
    }
  }

  private ProfileCache.Snapshot snapshot(Viewed profile) {
    ProfileCache.Snapshot snapshot =
        profile.owner() ? cache.ownerSnapshot(profile.user()) : cache.snapshot(profile.user());
    profile.reads().snapshot(profile.asked(), snapshot);
    return snapshot;
  }

  private HiddenShare share(Viewed profile) {
    return snapshot(profile).share();
  }

  @SchemaMapping(typeName = "Profile")
  Instant registered(Viewed profile) {
    return profile.user().createdAt();
  }

  @SchemaMapping(typeName = "Profile")
  long totalXp(Viewed profile) {
    return snapshot(profile).profile().totalXp();
  }

  /** All-time figures come from the cached profile; "since" ones from the aggregates. */
  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> languages(Viewed profile, @Argument Instant since) {
    return since != null
        ? stats.languages(profile.id(), since, share(profile))
        : allTime(snapshot(profile).profile().languages());
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> machines(Viewed profile, @Argument Instant since) {
    return since != null
        ? stats.machines(profile.id(), since, share(profile))
        : allTime(snapshot(profile).profile().machines());
  }

  private static List<ProfileStats.NameXp> allTime(Map<String, PublicProfile.Xp> xps) {
    return xps.entrySet().stream().map(e -> new ProfileStats.NameXp(e.getKey(), e.getValue().xps())).toList();
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DateXp> dates(Viewed profile, @Argument LocalDate since) {
    return stats.dates(profile.id(), since, share(profile));
  }

  /** The profile page's chart window (the last two weeks) comes from the cached profile. */
  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DayLanguageXp> dayLanguageXps(Viewed profile, @Argument LocalDate since) {
    ProfileCache.Snapshot snapshot = snapshot(profile);
    if (since != null && !since.isBefore(snapshot.recentDaysFrom())) {
      return snapshot.recentDays().stream().filter(day -> !day.date().isBefore(since)).toList();
    }
    return stats.dayLanguageXps(profile.id(), since, snapshot.share());
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DowXp> dayOfWeekXps(Viewed profile, @Argument LocalDate since) {
    return stats.dayOfWeekXps(profile.id(), since, share(profile));
  }

  @SchemaMapping(typeName = "Profile")
  Map<String, Long> dayOfYearXps(Viewed profile) {
    return snapshot(profile).dayOfYear();
  }

  /** Only hours with XP, as the original sends them (the profile page's own data keeps all 24). */
  @SchemaMapping(typeName = "Profile")
  Map<String, Long> hourOfDayXps(Viewed profile) {
    Map<String, Long> hours = new LinkedHashMap<>();
    snapshot(profile).hours().forEach((hour, xp) -> {
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
