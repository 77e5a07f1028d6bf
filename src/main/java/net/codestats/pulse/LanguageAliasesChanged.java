package net.codestats.pulse;

/** An alias was made or undone, published in its transaction: names may count elsewhere now. */
public record LanguageAliasesChanged() {}
