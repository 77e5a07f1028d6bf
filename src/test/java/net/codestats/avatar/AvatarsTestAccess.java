package net.codestats.avatar;

/** Lets tests of other packages compute what must never leak. */
public final class AvatarsTestAccess {
  private AvatarsTestAccess() {}

  public static String gravatarHash(String email) {
    return Avatars.hash(email);
  }
}
