package net.codestats.live;

/**
 * Published when another app node announces a pulse it stored (with {@code
 * codestats.live.cluster} on), so that this node's caches of that user can be dropped.
 */
public record RemotePulseReceived(long userId) {}
