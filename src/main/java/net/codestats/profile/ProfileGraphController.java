package net.codestats.profile;

import graphql.GraphQLError;
import graphql.schema.DataFetchingEnvironment;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.codestats.account.User;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Controller;

/** The GraphQL profile API at {@code /profile-graph} (schema: {@code graphql/profile.graphqls}). */
@Controller
class ProfileGraphController {

  static final String NO_ACCESS = "User not found or no access to profile.";

  private final ProfileAccess access;
  private final ProfileStats stats;

  ProfileGraphController(ProfileAccess access, ProfileStats stats) {
    this.access = access;
    this.stats = stats;
  }

  @QueryMapping
  User profile(@Argument String username, Principal principal) {
    return access.visible(username, principal).orElseThrow(NoAccess::new);
  }

  @SchemaMapping(typeName = "Profile")
  Instant registered(User user) {
    return user.createdAt();
  }

  @SchemaMapping(typeName = "Profile")
  long totalXp(User user) {
    return stats.totalXp(user.id());
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> languages(User user, @Argument Instant since) {
    return stats.languages(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.NameXp> machines(User user, @Argument Instant since) {
    return stats.machines(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DateXp> dates(User user, @Argument LocalDate since) {
    return stats.dates(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DayLanguageXp> dayLanguageXps(User user, @Argument LocalDate since) {
    return stats.dayLanguageXps(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  List<ProfileStats.DowXp> dayOfWeekXps(User user, @Argument LocalDate since) {
    return stats.dayOfWeekXps(user.id(), since);
  }

  @SchemaMapping(typeName = "Profile")
  Map<String, Long> dayOfYearXps(User user) {
    return stats.dayOfYearXps(user.id());
  }

  @SchemaMapping(typeName = "Profile")
  Map<String, Long> hourOfDayXps(User user) {
    return stats.hourOfDayXps(user.id());
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
