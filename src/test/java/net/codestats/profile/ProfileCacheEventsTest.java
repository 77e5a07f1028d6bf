package net.codestats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import net.codestats.account.AccountDeleted;
import net.codestats.account.Accounts;
import net.codestats.account.HiddenLanguagesChanged;
import net.codestats.account.User;
import net.codestats.machine.MachineChanged;
import net.codestats.machine.Machines;
import net.codestats.pulse.PulseStored;
import net.codestats.support.IntegrationTest;
import net.codestats.support.TestUsers;
import net.codestats.transfer.PulsesImported;
import net.codestats.xp.AggregatesRebuilt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** Each event that changes what a profile shows drops that user's cached snapshot, and only that. */
@IntegrationTest
class ProfileCacheEventsTest {

  @Autowired Accounts accounts;
  @Autowired Machines machines;
  @Autowired ProfileCache cache;
  @Autowired ApplicationEventPublisher events;

  @Test
  void everyOwnerEventDropsTheUsersSnapshot() {
    var users = new TestUsers(accounts, machines);
    User user = users.user("evented");
    User bystander = users.user("bystander");
    var bystanderSnapshot = cache.snapshot(bystander);

    // the control: without an event the snapshot is kept
    var kept = cache.snapshot(user);
    assertThat(cache.snapshot(user)).isSameAs(kept);

    LongFunction<?>[] ownerEvents = {
      id -> new PulseStored(PulseStored.Origin.OTHER_NODE, id, false, 0, "elsewhere", Instant.now(), 0, List.of(),
          null),
      id -> new MachineChanged(id, 0),
      AggregatesRebuilt::new,
      PulsesImported::new,
      HiddenLanguagesChanged::new,
      id -> new AccountDeleted(id, user.username()),
    };
    for (LongFunction<?> event : ownerEvents) {
      var before = cache.snapshot(user);
      Object published = event.apply(user.id());
      events.publishEvent(published);
      assertThat(cache.snapshot(user)).as(published.toString()).isNotSameAs(before);
    }
    assertThat(cache.snapshot(bystander)).isSameAs(bystanderSnapshot);
  }
}
