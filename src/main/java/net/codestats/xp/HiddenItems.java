package net.codestats.xp;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user hides from their public profile: machines (by id) and languages (by id, and by
 * display name for what only has names, such as live pushes). Every public path leaves these
 * out of what it shows and out of its totals; the owner still sees all. Get it from {@link
 * HiddenItemsLookup#of(long)}.
 */
public record HiddenItems(Set<Long> machineIds, Set<Long> languageIds, Set<String> languageNames) {

  public static final HiddenItems NONE = new HiddenItems(Set.of(), Set.of(), Set.of());

  public HiddenItems {
    machineIds = Set.copyOf(machineIds);
    languageIds = Set.copyOf(languageIds);
    languageNames = languageNames.stream().map(HiddenItems::key).collect(Collectors.toUnmodifiableSet());
  }

  /** Nothing hidden: the public view is the whole profile (and costs nothing extra). */
  public boolean isEmpty() {
    return machineIds.isEmpty() && languageIds.isEmpty();
  }

  public boolean hidesMachine(long machineId) {
    return machineIds.contains(machineId);
  }

  public boolean hidesLanguage(long languageId) {
    return languageIds.contains(languageId);
  }

  /** By display name, case-insensitively (language names are unique so). */
  public boolean hidesLanguage(String name) {
    return !languageNames.isEmpty() && name != null && languageNames.contains(key(name));
  }

  /** XP of this machine in this language is hidden. */
  public boolean hides(long machineId, long languageId) {
    return hidesMachine(machineId) || hidesLanguage(languageId);
  }

  long[] machineIdArray() {
    return machineIds.stream().mapToLong(Long::longValue).toArray();
  }

  long[] languageIdArray() {
    return languageIds.stream().mapToLong(Long::longValue).toArray();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
