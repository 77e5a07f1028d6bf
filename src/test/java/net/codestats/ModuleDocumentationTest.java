package net.codestats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.CanvasOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.Options;

/**
 * Writes the module documentation into docs/modules of the repository: a canvas and a component
 * diagram per module, the diagram of all modules and one document that gathers them. The folder
 * is emptied first, so a renamed or removed module leaves no stale page behind. Reads the classes
 * only: no Spring context.
 */
class ModuleDocumentationTest {

  static final Path OUTPUT = Path.of("docs", "modules");

  @Test
  void writesCanvasAndDiagramOfEveryModule() throws IOException {
    ApplicationModules modules = ApplicationModules.of(CodeStatsApplication.class);

    new Documenter(modules, Options.defaults().withOutputFolder(OUTPUT.toString()))
        .writeModulesAsPlantUml(DiagramOptions.defaults())
        .writeIndividualModulesAsPlantUml(DiagramOptions.defaults())
        .writeModuleCanvases(CanvasOptions.defaults())
        .writeAggregatingDocument();
    sortRelations();

    List<String> names = modules.stream().map(module -> module.getIdentifier().toString()).toList();
    assertThat(names).isNotEmpty();
    List<String> expected = new ArrayList<>(List.of("components.puml", "all-docs.adoc"));
    for (String name : names) {
      expected.add("module-" + name + ".adoc");
      expected.add("module-" + name + ".puml");
    }
    try (Stream<Path> files = Files.list(OUTPUT)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
    }
    for (String file : expected) {
      assertThat(OUTPUT.resolve(file)).isNotEmptyFile();
    }
    String overview = Files.readString(OUTPUT.resolve("components.puml"));
    for (ApplicationModule module : modules) {
      assertThat(overview).as("overview diagram").contains(module.getDisplayName());
    }
  }

  /** The documenter lists a diagram's relations in no fixed order: sorted, the committed files only change with the code. */
  private static void sortRelations() throws IOException {
    try (Stream<Path> files = Files.list(OUTPUT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
        List<String> lines = Files.readAllLines(file);
        List<String> relations = lines.stream().filter(line -> line.startsWith("Rel(")).sorted().toList();
        List<String> sorted = new ArrayList<>();
        int next = 0;
        for (String line : lines) {
          sorted.add(line.startsWith("Rel(") ? relations.get(next++) : line);
        }
        Files.write(file, sorted);
      }
    }
  }
}
