package net.codestats.system;

/**
 * An event whose listeners retire what this node holds of the data it names (cached copies,
 * pages open on it), and which other app nodes therefore re-publish once it has committed here
 * ({@link ClusterEvents}): each node's listeners then retire their own copies, as for a change
 * made there. Its listeners must do nothing else (no mail, no write), as they run once per node;
 * they run after the commit with {@code fallbackExecution = true}, as other nodes publish it
 * outside any transaction. A record of plain values (ids), sent as JSON.
 */
public interface ClusterEvent {

  /** What other nodes publish for this event: itself, unless its listeners do more than retire copies. */
  default ClusterEvent onOtherNodes() {
    return this;
  }
}
