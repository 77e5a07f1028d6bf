package net.codestats.account;

/** A new account, published in the transaction that created it. */
public record AccountCreated(User user) {}
