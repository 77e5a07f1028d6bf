package net.codestats.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import net.codestats.account.Accounts;
import net.codestats.account.User;
import org.springframework.stereotype.Component;

/**
 * Who a topic's or a pulse's user is (name, privacy), a few seconds old at most. Thousands of
 * viewers joining the same profile at once make one query, not one each (which emptied the
 * connection pool); pushes look the user up once per pulse, not per subscriber.
 */
@Component
class LiveUsers {

  static final Duration MAX_AGE = Duration.ofSeconds(5);

  private final Accounts accounts;
  private final Cache<Long, Optional<User>> byId =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(MAX_AGE).build();
  private final Cache<String, Optional<User>> byName =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(MAX_AGE).build();

  LiveUsers(Accounts accounts) {
    this.accounts = accounts;
  }

  Optional<User> byId(long userId) {
    return byId.get(userId, accounts::findById);
  }

  Optional<User> byName(String username) {
    return byName.get(username, accounts::findByUsername);
  }
}
