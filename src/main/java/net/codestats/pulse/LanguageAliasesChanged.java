package net.codestats.pulse;

import net.codestats.system.ClusterEvent;

/** An alias was made or undone, published in its transaction: names may count elsewhere now. */
public record LanguageAliasesChanged() implements ClusterEvent {}
