package net.codestats;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

  @Test
  void modulesOnlyUseEachOthersPublicApiAndHaveNoCycles() {
    ApplicationModules.of(CodeStatsApplication.class).verify();
  }
}
