package net.codestats.badge;

import java.util.Locale;
import java.util.Optional;

/** The looks shields.io offers, by their {@code ?style=} names. */
enum BadgeStyle {
  /** 20 px, rounded, a light gradient and a text shadow. */
  FLAT("flat"),
  /** 20 px, square corners, no gradient, no shadow. */
  FLAT_SQUARE("flat-square"),
  /** 28 px, square, upper-case spaced text, the message in bold. */
  FOR_THE_BADGE("for-the-badge");

  private final String parameter;

  BadgeStyle(String parameter) {
    this.parameter = parameter;
  }

  String parameter() {
    return parameter;
  }

  static Optional<BadgeStyle> of(String parameter) {
    String name = parameter.strip().toLowerCase(Locale.ROOT);
    for (BadgeStyle style : values()) {
      if (style.parameter.equals(name)) {
        return Optional.of(style);
      }
    }
    return Optional.empty();
  }
}
