package net.codestats.xp;

import net.codestats.system.ClusterEvent;

/** A user's aggregates were recomputed from raw data (XP deleted, imported or re-aliased). */
public record AggregatesRebuilt(long userId) implements ClusterEvent {}
