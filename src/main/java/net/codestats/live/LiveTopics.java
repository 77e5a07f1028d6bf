package net.codestats.live;

/** Topic names of the live feed, and the socket channels they are joined to. */
final class LiveTopics {
  static final String FRONTPAGE = "frontpage";
  static final String USER_PREFIX = "users:";

  private LiveTopics() {}

  /** The channel of everyone following the user's profile, whatever spelling they joined with. */
  static String userChannel(long userId) {
    return "user/" + userId;
  }
}
