package net.codestats.admin;

import net.codestats.system.ClusterEvent;

/** The admin role was granted to or revoked from the user. */
record AdminRolesChanged(long userId) implements ClusterEvent {}
