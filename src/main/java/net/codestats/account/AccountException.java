package net.codestats.account;

/** An account request that cannot be carried out; the message is fit to show the user. */
public class AccountException extends RuntimeException {
  AccountException(String message) {
    super(message);
  }
}
