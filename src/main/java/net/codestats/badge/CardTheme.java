package net.codestats.badge;

import java.util.Locale;
import java.util.Optional;

/** The card's colours: light, dark, or following the viewer's {@code prefers-color-scheme}. */
enum CardTheme {
  LIGHT, DARK, AUTO;

  private static final String LIGHT_RULES =
      ".bg{fill:#fff;stroke:#d0d7de}.fg{fill:#1f2328}.mu{fill:#59636e}.tr{fill:#e6e8eb}"
          + ".old{fill:#2f81f7}.new{fill:#f0883e}";
  private static final String DARK_RULES =
      ".bg{fill:#0d1117;stroke:#30363d}.fg{fill:#e6edf3}.mu{fill:#9198a1}.tr{fill:#262c36}"
          + ".old{fill:#4493f8}.new{fill:#f0883e}";

  String parameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The card's style sheet: classes only, no user text. */
  String css() {
    return switch (this) {
      case LIGHT -> LIGHT_RULES;
      case DARK -> DARK_RULES;
      case AUTO -> LIGHT_RULES + "@media (prefers-color-scheme: dark){" + DARK_RULES + "}";
    };
  }

  static Optional<CardTheme> of(String parameter) {
    String name = parameter.strip().toLowerCase(Locale.ROOT);
    for (CardTheme theme : values()) {
      if (theme.parameter().equals(name)) {
        return Optional.of(theme);
      }
    }
    return Optional.empty();
  }
}
