package net.codestats.transfer;

import net.codestats.system.ClusterEvent;

/** Published after an import changed a user's pulses and rebuilt their aggregates. */
public record PulsesImported(long userId) implements ClusterEvent {}
