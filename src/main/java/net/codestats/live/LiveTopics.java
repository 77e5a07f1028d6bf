package net.codestats.live;

/** Topic names of the live socket. */
final class LiveTopics {
  static final String FRONTPAGE = "frontpage";
  static final String USER_PREFIX = "users:";
  static final String PHOENIX = "phoenix";

  private LiveTopics() {}
}
