package net.codestats.account;

import org.springframework.ui.Model;

/**
 * A part of the preferences page that another module fills in (the import status, say), so
 * that account does not depend on the modules that build on it.
 */
public interface PreferencesSection {

  void addTo(Model model, long userId);
}
