package net.codestats.pulse;

/** The caps this server puts on a pulse (the original had none); /api-docs lists them. */
public final class PulseLimits {

  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_ENTRIES = 100;
  static final int MAX_XP_PER_ENTRY = 100_000;
  static final int MAX_NESTING_DEPTH = 16;
  static final long MAX_AGE_SECONDS = 7 * 24 * 3600;
  /** The farthest a pulse's UTC offset may be, either way (±18 h, as ISO 8601 zones go); imports too. */
  public static final int MAX_OFFSET_MINUTES = 18 * 60;

  private PulseLimits() {}
}
