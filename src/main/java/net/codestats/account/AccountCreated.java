package net.codestats.account;

import net.codestats.system.ClusterEvent;

/** A new account, published in the transaction that created it. */
public record AccountCreated(User user) implements ClusterEvent {

  /** Other nodes only forget what they looked up by its name (their listeners would mail it again). */
  @Override
  public ClusterEvent onOtherNodes() {
    return new AccountChanged(user.id());
  }
}
