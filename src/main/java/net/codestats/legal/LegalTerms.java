package net.codestats.legal;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.codestats.account.CurrentTerms;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The legal terms, versioned by date: {@code legal/terms-<date>.txt} on the class path,
 * paragraphs separated by blank lines. A user who accepted an older version than the current
 * one must accept again before using the site.
 */
@Component
public class LegalTerms implements CurrentTerms {

  /** Every published version, oldest first; add a new date (and file) to publish new terms. */
  public static final List<LocalDate> VERSIONS = List.of(LocalDate.of(2016, 6, 1), LocalDate.of(2026, 11, 1));

  public record Version(LocalDate date, List<String> paragraphs) {}

  /** One paragraph of a comparison between two versions. */
  public record Change(Kind kind, String text) {
    public enum Kind {
      SAME,
      ADDED,
      REMOVED;

      public String cssClass() {
        return "terms-" + name().toLowerCase(Locale.ROOT);
      }
    }
  }

  private final List<Version> versions;

  LegalTerms() {
    this.versions = VERSIONS.stream().map(LegalTerms::load).toList();
  }

  @Override
  public LocalDate currentVersion() {
    return current().date();
  }

  public Version current() {
    return versions.getLast();
  }

  public Optional<Version> version(LocalDate date) {
    return versions.stream().filter(v -> v.date().equals(date)).findFirst();
  }

  public boolean isCurrent(LocalDate accepted) {
    return accepted != null && !accepted.isBefore(current().date());
  }

  /** The current terms paragraph by paragraph, marked as added or removed since {@code accepted}. */
  public List<Change> changesSince(LocalDate accepted) {
    List<String> now = current().paragraphs();
    List<String> before =
        accepted == null
            ? List.of()
            : versions.stream()
                .filter(v -> !v.date().isAfter(accepted))
                .reduce((a, b) -> b)
                .map(Version::paragraphs)
                .orElse(List.of());
    var changes = new ArrayList<Change>();
    int at = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(before, now).getDeltas()) {
      for (; at < delta.getTarget().getPosition(); at++) {
        changes.add(new Change(Change.Kind.SAME, now.get(at)));
      }
      delta.getSource().getLines().forEach(p -> changes.add(new Change(Change.Kind.REMOVED, p)));
      delta.getTarget().getLines().forEach(p -> changes.add(new Change(Change.Kind.ADDED, p)));
      at += delta.getTarget().size();
    }
    for (; at < now.size(); at++) {
      changes.add(new Change(Change.Kind.SAME, now.get(at)));
    }
    return changes;
  }

  private static Version load(LocalDate date) {
    var resource = new ClassPathResource("legal/terms-" + date + ".txt");
    try (var in = resource.getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> paragraphs =
          Arrays.stream(text.split("\\R\\s*\\R")).map(String::strip).filter(p -> !p.isEmpty()).toList();
      return new Version(date, paragraphs);
    } catch (IOException e) {
      throw new UncheckedIOException("Missing legal terms " + resource.getPath(), e);
    }
  }
}
