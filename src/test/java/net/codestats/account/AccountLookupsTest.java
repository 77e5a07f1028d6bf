package net.codestats.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.codestats.machine.Machines;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The in-memory look-up follows this node's account changes as soon as they are committed. */
@IntegrationTest
class AccountLookupsTest {

  @Autowired Accounts accounts;
  @Autowired Machines machines;

  @Test
  void aNameAskedForBeforeItExistedIsFoundOnceTheAccountIsCreated() {
    String name = TestUsers.uniqueName("later");
    assertThat(accounts.lookUp(name)).isEmpty();
    assertThat(accounts.lookUp(name)).isEmpty(); // from memory
    User created = accounts.create(name, "correct horse battery", null);
    assertThat(accounts.lookUp(name)).contains(created);
  }

  @Test
  void privacyChangesShowAtOnce() {
    User user = new TestUsers(accounts, machines).user("privacy");
    assertThat(accounts.lookUp(user.username()).orElseThrow().privateProfile()).isFalse();
    accounts.setPrivateProfile(user.id(), true);
    assertThat(accounts.lookUp(user.username()).orElseThrow().privateProfile()).isTrue();
    assertThat(accounts.lookUp(user.id()).orElseThrow().privateProfile()).isTrue();
  }

  @Test
  void aDeletedAccountIsNoLongerFoundByAnySpellingOrByIdNorItsTokensAccepted() {
    var withMachine = new TestUsers(accounts, machines).userWithMachine("deleted");
    User user = withMachine.user();
    assertThat(machines.authenticate(withMachine.token())).isPresent();
    String upper = user.username().toUpperCase(Locale.ROOT);
    assertThat(accounts.lookUp(user.username())).contains(user);
    assertThat(accounts.lookUp(upper)).contains(user);
    assertThat(accounts.lookUp(user.id())).contains(user);

    accounts.delete(user.id());

    assertThat(accounts.lookUp(user.username())).isEmpty();
    assertThat(accounts.lookUp(upper)).isEmpty();
    assertThat(accounts.lookUp(user.id())).isEmpty();
    assertThat(machines.authenticate(withMachine.token())).isEmpty();
  }
}
