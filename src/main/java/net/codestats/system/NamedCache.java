package net.codestats.system;

import static net.codestats.system.CacheSettings.Spec.bounded;

import java.time.Duration;

/**
 * Every in-memory cache of the application, in one list: its name on the metrics
 * ({@code cache="…"}), its default bound and expiry (each can be changed under
 * {@code codestats.caches.<name>.*}, see {@link CacheSettings}), and who drops its entries.
 * A cache is built by {@link Caches}; its owner invalidates it from the transactional events
 * of the data it holds, which other nodes re-publish ({@link ClusterEvent}); an expiry bounds
 * how late a change shows when a message between nodes is lost.
 */
public enum NamedCache {

  /** Profile figures by user id; dropped by the user's pulses, machine changes, stats rebuilds, imports and deletion. */
  PROFILES("profiles", bounded(5_000).expiringAfterWrite(Duration.ofSeconds(30))),
  /** The profile page's body, keyed by the profile snapshot itself: it goes with its snapshot. */
  PROFILE_PAGES("profile-pages", bounded(1_000).withWeakKeys()),
  /** The whole profile page for visitors without a log-in, keyed like {@link #PROFILE_PAGES}. */
  VISITOR_PAGES("visitor-pages", bounded(1_000).withWeakKeys()),
  /**
   * The whole profile page as its owner sees it, keyed by the owner's snapshot like {@link
   * #PROFILE_PAGES}, with the places of the request's own tokens left open.
   */
  OWNER_PAGES("owner-pages", bounded(1_000).withWeakKeys()),
  /** A profile's public figures for other modules (badges), keyed like {@link #PROFILE_PAGES}. */
  PUBLIC_FIGURES("public-figures", bounded(5_000).withWeakKeys()),
  /**
   * Rendered README badges and cards by the public figures they show (by identity) and their
   * options; the bound is bytes. Replaced figures are never asked for again: their entries go
   * by the bound or after ten idle minutes.
   */
  BADGES("badges", bounded(16L * 1024 * 1024).expiringAfterAccess(Duration.ofMinutes(10))),
  /** A profile's language figures by name as asked, keyed like {@link #PROFILE_PAGES}: they go with the snapshot. */
  LANGUAGE_PAGES("language-pages", bounded(1_000).withWeakKeys()),
  /** GraphQL answers to introspection-only documents: the schema does not change while running. */
  GRAPHQL_INTROSPECTION("graphql-introspection", bounded(64)),
  /**
   * GraphQL answers about profiles by document, variables and viewer; each entry names the
   * profile snapshots it was computed from and is served only while they are current. The
   * bound is bytes.
   */
  GRAPHQL_RESULTS("graphql-results", bounded(8L * 1024 * 1024)),
  /** When a profile's pulses in one UTC hour were sent, keyed by the profile snapshot itself. */
  GRAPHQL_PULSE_TIMES("graphql-pulse-times", bounded(1_000).withWeakKeys()),
  /** Parsed and validated GraphQL documents by their text; the bound is characters, not entries. */
  GRAPHQL_DOCUMENTS("graphql-documents", bounded(4L * 1024 * 1024)),
  /** What a token check needs, by machine id; dropped by every machine change. */
  MACHINE_CREDENTIALS("machine-credentials", bounded(100_000).expiringAfterWrite(Duration.ofSeconds(30))),
  /** What each user hides from their public profile, by user id; dropped by machine and hidden-language changes. */
  HIDDEN_ITEMS("hidden-items", bounded(50_000).expiringAfterWrite(Duration.ofSeconds(30))),
  /** Accounts by name as asked or by id, their accepted terms and credentials generations; retired by every account change. */
  ACCOUNT_LOOKUPS("account-lookups", bounded(20_000).expiringAfterWrite(Duration.ofSeconds(5))),
  /** Whether the navigation links a user to the admin area, by user id; dropped when a role is granted or revoked. */
  ADMIN_LINKS("admin-links", bounded(20_000).expiringAfterWrite(Duration.ofSeconds(30))),
  /** Gravatar images by address digest: Gravatar announces no change, so only the expiry. */
  AVATARS("avatars", bounded(5_000).expiringAfterWrite(Duration.ofHours(1))),
  /** Language names as sent → the language they count under; dropped when aliases change. */
  LANGUAGE_NAMES("language-names", bounded(50_000).expiringAfterWrite(Duration.ofMinutes(5))),
  /** The week's most active users for the front page: a scan of the week, refreshed in the background. */
  EXAMPLE_PROFILES("example-profiles", bounded(1).refreshingAfterWrite(Duration.ofMinutes(10))),
  /**
   * Rate-limit buckets by limit and key (client address or account name): state rather than a
   * copy of data, so nothing drops them but a long idleness (or, under a flood, the bound).
   */
  RATE_LIMIT_BUCKETS("rate-limit-buckets", bounded(200_000).expiringAfterAccess(Duration.ofHours(1)));

  private final String cacheName;
  private final CacheSettings.Spec defaults;

  NamedCache(String cacheName, CacheSettings.Spec defaults) {
    this.cacheName = cacheName;
    this.defaults = defaults;
  }

  /** The name on the metrics and under {@code codestats.caches}. */
  public String cacheName() {
    return cacheName;
  }

  /**
   * Whether the cache holds copies of data that any node may change (all but the schema's,
   * the outside world's and the rate-limit state): emptied when the cluster listener
   * reconnects, as the changes announced meanwhile are lost.
   */
  public boolean copiesSharedData() {
    return switch (this) {
      case GRAPHQL_INTROSPECTION, GRAPHQL_DOCUMENTS, AVATARS, RATE_LIMIT_BUCKETS -> false;
      default -> true;
    };
  }

  CacheSettings.Spec defaults() {
    return defaults;
  }
}
