package net.codestats.account;

/** Published after an import changed a user's pulses and rebuilt their aggregates. */
public record PulsesImported(long userId) {}
