package net.codestats.support;

import java.util.concurrent.atomic.AtomicInteger;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import net.codestats.machine.Machines;

/** Creates users and machines with unique names, so that tests sharing one database never collide. */
public final class TestUsers {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Accounts accounts;
  private final Machines machines;

  public TestUsers(Accounts accounts, Machines machines) {
    this.accounts = accounts;
    this.machines = machines;
  }

  public static String uniqueName(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  public User user(String prefix) {
    return accounts.create(uniqueName(prefix), "correct horse battery", null);
  }

  /** A new user with one machine; returns the machine's token. */
  public UserWithMachine userWithMachine(String prefix) {
    User user = user(prefix);
    var created = machines.create(user.id(), "laptop");
    return new UserWithMachine(user, created.machine().id(), created.token());
  }

  public record UserWithMachine(User user, long machineId, String token) {}
}
