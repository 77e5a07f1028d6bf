package net.codestats.transfer;

/** Published after an import changed a user's pulses and rebuilt their aggregates. */
public record PulsesImported(long userId) {}
