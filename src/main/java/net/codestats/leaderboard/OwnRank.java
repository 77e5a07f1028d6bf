package net.codestats.leaderboard;

/**
 * Where the signed-in user stands on a board.
 *
 * @param rank their rank when {@link Standing#RANKED}, else 0
 * @param of how many users the board ranks
 */
public record OwnRank(Standing standing, int rank, long of, boolean someXpUnranked) {

  public enum Standing {
    RANKED,
    /** No ranked XP in this window (or language). */
    NOT_ON_BOARD,
    /** A private profile is never ranked. */
    PRIVATE,
    /** Taken off the boards by an administrator. */
    EXCLUDED
  }
}
