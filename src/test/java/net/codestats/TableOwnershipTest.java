package net.codestats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: a table's name appears in SQL only inside the module that owns it.
 * The tables come from the Flyway migrations, their owners from each module's package-info
 * ("Owns the tables {@code …}"), so neither list can drift from the code.
 */
class TableOwnershipTest {

  private static final Path MAIN = Path.of("src/main/java/net/codestats");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
  private static final Pattern OWNS = Pattern.compile("Owns the tables? ([^.]*)\\.");
  private static final Pattern CODE_TAG = Pattern.compile("\\{@code\\s+([a-z_][a-z0-9_]*)}");
  /** Text blocks first, then ordinary string literals (escapes kept as they are). */
  private static final Pattern STRING_LITERAL = Pattern.compile("(?s)\"\"\"(.*?)\"\"\"|\"((?:\\\\.|[^\"\\\\\\n])*)\"");
  /** The keywords after which a name is a table: from, join, into, update, table, references … */
  private static final String SQL_POSITION =
      "(?i)\\b(?:from|join|into|update|table|references|truncate|lock)\\s+(?:only\\s+)?(?:[a-z_]+\\.)?";

  record Violation(String file, String table, String owner, String module) {
    @Override
    public String toString() {
      return file + ": table " + table + " (owned by " + owner + ") used in " + module;
    }
  }

  @Test
  void everyTableIsNamedInSqlOnlyByItsOwner() throws IOException {
    Map<String, String> owners = owners();
    assertThat(owners.keySet()).as("every table of the migrations has an owner").containsAll(tables());
    List<Violation> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String module = MAIN.relativize(file).getName(0).toString();
        violations.addAll(scan(MAIN.relativize(file).toString(), module, Files.readString(file), owners));
      }
    }
    assertThat(violations).as("SQL on a table outside its owning module (%d)", violations.size()).isEmpty();
  }

  @Test
  void theScannerReportsAForeignTableAndNotAnOwnOne() {
    Map<String, String> owners = Map.of("pulses", "pulse", "machines", "machine");
    String source =
        """
        class X {
          String a = "select id from machines where user_id = ?";
          String b = \"""
              select p.id
              from pulses p\""";
          String c = "no SQL about pulses here";
        }
        """;
    assertThat(scan("pulse/X.java", "pulse", source, owners))
        .containsExactly(new Violation("pulse/X.java", "machines", "machine", "pulse"));
    assertThat(scan("machine/X.java", "machine", source, owners))
        .containsExactly(new Violation("machine/X.java", "pulses", "pulse", "machine"));
    assertThat(scan("pulse/Y.java", "pulse", "String a = \"delete from pulses where id = ?\";", owners)).isEmpty();
  }

  static List<Violation> scan(String file, String module, String source, Map<String, String> owners) {
    var found = new TreeSet<String>();
    Matcher literal = STRING_LITERAL.matcher(source);
    while (literal.find()) {
      String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
      for (var owner : owners.entrySet()) {
        if (!owner.getValue().equals(module)
            && Pattern.compile(SQL_POSITION + Pattern.quote(owner.getKey()) + "\\b").matcher(text).find()) {
          found.add(owner.getKey());
        }
      }
    }
    return found.stream().map(table -> new Violation(file, table, owners.get(table), module)).toList();
  }

  /** Table → owning module, from the package-info javadocs. */
  static Map<String, String> owners() throws IOException {
    Map<String, String> owners = new TreeMap<>();
    try (Stream<Path> infos = Files.walk(MAIN, 2)) {
      for (Path info : infos.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
        String module = MAIN.relativize(info).getName(0).toString();
        Matcher owns = OWNS.matcher(Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " "));
        if (owns.find()) {
          Matcher table = CODE_TAG.matcher(owns.group(1));
          while (table.find()) {
            String previous = owners.put(table.group(1), module);
            assertThat(previous).as("table %s has one owner", table.group(1)).isNull();
          }
        }
      }
    }
    return owners;
  }

  static List<String> tables() {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      var tables = new TreeSet<String>();
      for (Path migration : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        Matcher create = CREATE_TABLE.matcher(Files.readString(migration));
        while (create.find()) {
          tables.add(create.group(1).toLowerCase(Locale.ROOT));
        }
      }
      return List.copyOf(tables);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
