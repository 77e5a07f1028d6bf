package net.codestats.profile;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.codestats.account.User;
import net.codestats.xp.LevelMaths;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code profile { language(name:) { … } }}: the language page's figures in GraphQL. Access is
 * the profile field's (private profiles answer the profile's error); a language the user never
 * wrote is null. The field has its own cost ({@link GraphQlConfiguration#LANGUAGE_FIELD_COST}):
 * each one reads the language's aggregate.
 */
@Controller
class LanguageGraphController {

  private final LanguageStatsReader reader;

  LanguageGraphController(LanguageStatsReader reader) {
    this.reader = reader;
  }

  /** What the language field's own fields are read from. */
  record LanguageDetail(User user, Principal viewer, LanguageStatsReader.Found found) {}

  @SchemaMapping(typeName = "Profile")
  LanguageDetail language(ProfileGraphController.Viewed profile, @Argument String name, Principal principal) {
    profile.reads().uncacheable(); // its figures are not the snapshot's
    User user = profile.user();
    return reader.find(user, name, principal).map(found -> new LanguageDetail(user, principal, found)).orElse(null);
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  String name(LanguageDetail detail) {
    return detail.found().language();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  long xp(LanguageDetail detail) {
    return detail.found().stats().xp();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  long newXp(LanguageDetail detail, @Argument Instant since) {
    return since == null
        ? detail.found().stats().recentXp()
        : reader.xpSince(detail.user(), detail.found().languageId(), since, detail.viewer());
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  int level(LanguageDetail detail) {
    return LevelMaths.level(detail.found().stats().xp());
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  int progress(LanguageDetail detail) {
    return LevelMaths.progressPercent(detail.found().stats().xp());
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  LocalDate firstDate(LanguageDetail detail) {
    return detail.found().stats().firstDay();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  LocalDate lastDate(LanguageDetail detail) {
    return detail.found().stats().lastDay();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  double share(LanguageDetail detail) {
    long total = detail.found().stats().userTotalXp();
    return total <= 0 ? 0 : (double) detail.found().stats().xp() / total;
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  List<ProfileStats.NameXp> machines(LanguageDetail detail) {
    return detail.found().stats().machines().stream().map(m -> new ProfileStats.NameXp(m.name(), m.xp())).toList();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  List<ProfileStats.DateXp> dates(LanguageDetail detail, @Argument LocalDate since) {
    return detail.found().stats().days().stream()
        .filter(d -> since == null || !d.date().isBefore(since))
        .map(d -> new ProfileStats.DateXp(d.date(), d.xp()))
        .toList();
  }

  @SchemaMapping(typeName = "ProfileLanguageDetail")
  Map<String, Long> hourOfDayXps(LanguageDetail detail) {
    Map<String, Long> hours = new LinkedHashMap<>();
    List<Long> xp = detail.found().stats().hours();
    for (int hour = 0; hour < xp.size(); hour++) {
      if (xp.get(hour) > 0) {
        hours.put(Integer.toString(hour), xp.get(hour));
      }
    }
    return hours;
  }
}
