package net.codestats.transfer;

import net.codestats.account.PreferencesSection;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** Shows the last import's progress on the preferences page. */
@Component
class ImportStatusSection implements PreferencesSection {

  private final PulseImports imports;

  ImportStatusSection(PulseImports imports) {
    this.imports = imports;
  }

  @Override
  public void addTo(Model model, long userId) {
    model.addAttribute("importStatus", imports.status(userId).orElse(null));
  }
}
