package net.codestats.account;

/** Lets tests of other packages compute what must never leak. */
public final class AccountsTestAccess {
  private AccountsTestAccess() {}

  public static String gravatarHash(String email) {
    return Avatars.hash(email);
  }
}
