package net.codestats.web;

/**
 * What the logged-in principal tells about its user beyond {@code Principal.getName()} (the
 * stored username): the user id, for modules that must not look accounts up themselves.
 */
public interface UserIdentity {
  long userId();

  String getUsername();
}
