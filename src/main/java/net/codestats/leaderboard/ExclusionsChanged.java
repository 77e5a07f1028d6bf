package net.codestats.leaderboard;

import net.codestats.system.ClusterEvent;

/** An admin took a user off the boards or put them back: every node recounts its boards soon. */
record ExclusionsChanged(long userId) implements ClusterEvent {}
