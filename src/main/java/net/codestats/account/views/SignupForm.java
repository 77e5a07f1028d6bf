package net.codestats.account.views;

/** What the sign-up form is shown again with after an error (never the password). */
public record SignupForm(String username, String email, boolean oldEnough, boolean termsRead) {
  public static final SignupForm EMPTY = new SignupForm("", "", false, false);
}
