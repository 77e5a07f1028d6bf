package net.codestats.system;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Changes to the caches' defaults ({@link NamedCache}), by cache name, e.g.
 * {@code codestats.caches.profiles.maximum-size=20000}; what is not given keeps its default.
 */
@ConfigurationProperties("codestats")
public record CacheSettings(@DefaultValue Map<String, Spec> caches) {

  /**
   * @param maximumSize entries kept at most (characters, for a cache whose owner weighs entries)
   * @param expireAfterWrite how long an entry is used at most; none when null
   * @param expireAfterAccess how long an entry is kept unread; none when null
   * @param refreshAfterWrite when an entry is read again in the background; none when null
   * @param weakKeys keys compared by identity and dropped once nothing else holds them
   */
  public record Spec(
      Long maximumSize,
      Duration expireAfterWrite,
      Duration expireAfterAccess,
      Duration refreshAfterWrite,
      Boolean weakKeys) {

    /** At most {@code maximumSize} entries, kept until evicted by size. */
    static Spec bounded(long maximumSize) {
      return new Spec(maximumSize, null, null, null, false);
    }

    Spec expiringAfterWrite(Duration after) {
      return new Spec(maximumSize, after, expireAfterAccess, refreshAfterWrite, weakKeys);
    }

    Spec expiringAfterAccess(Duration after) {
      return new Spec(maximumSize, expireAfterWrite, after, refreshAfterWrite, weakKeys);
    }

    Spec refreshingAfterWrite(Duration after) {
      return new Spec(maximumSize, expireAfterWrite, expireAfterAccess, after, weakKeys);
    }

    Spec withWeakKeys() {
      return new Spec(maximumSize, expireAfterWrite, expireAfterAccess, refreshAfterWrite, true);
    }

    Spec orElse(Spec defaults) {
      return new Spec(
          maximumSize != null ? maximumSize : defaults.maximumSize(),
          expireAfterWrite != null ? expireAfterWrite : defaults.expireAfterWrite(),
          expireAfterAccess != null ? expireAfterAccess : defaults.expireAfterAccess(),
          refreshAfterWrite != null ? refreshAfterWrite : defaults.refreshAfterWrite(),
          weakKeys != null ? weakKeys : defaults.weakKeys());
    }
  }

  /** The spec of {@code cache}: its defaults with what the configuration changes. */
  Spec spec(NamedCache cache) {
    Spec given = caches.get(cache.cacheName());
    return given == null ? cache.defaults() : given.orElse(cache.defaults());
  }
}
