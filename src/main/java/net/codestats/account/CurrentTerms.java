package net.codestats.account;

import java.time.LocalDate;

/**
 * The version of the terms a new account accepts by signing up. The legal module knows the
 * terms; account only records which version each user accepted.
 */
public interface CurrentTerms {

  LocalDate currentVersion();
}
