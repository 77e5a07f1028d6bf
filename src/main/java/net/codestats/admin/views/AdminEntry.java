package net.codestats.admin.views;

import java.time.Instant;

/**
 * An admin as the admins page lists them.
 *
 * @param configured named in {@code codestats.admin.usernames} (not revocable in the area)
 * @param grantedBy who granted the role, for the others
 */
public record AdminEntry(long userId, String username, boolean configured, String grantedBy, Instant grantedAt) {}
