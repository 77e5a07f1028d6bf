package net.codestats.account.views;

import java.util.Map;

/**
 * What the sign-up form is shown again with (never the password), and its problems by field
 * ({@code username}, {@code password}, {@code email}, {@code old_enough}, {@code terms_read}).
 */
public record SignupForm(String username, String email, boolean oldEnough, boolean termsRead,
    Map<String, String> errors) {
  public static final SignupForm EMPTY = new SignupForm("", "", false, false, Map.of());

  public SignupForm {
    errors = Map.copyOf(errors);
  }

  /** The field's problem, or null. */
  public String error(String field) {
    return errors.get(field);
  }

  /** The ids an input is described by: its hint, and its error when it has one. */
  public String describedBy(String field, String hintId) {
    return errors.containsKey(field) ? hintId + " " + field + "-error" : hintId;
  }
}
