/**
 * The Phoenix-compatible live socket transport at {@code /live_update_socket/websocket}:
 * handshake checks (origin, channel token, socket limits), the Phoenix Channels frames, joins,
 * leaves and heartbeats, each socket's bounded send queue and the send scheduling. What is
 * pushed and who may join what is decided by the feeds, through {@link
 * net.codestats.socket.ChannelJoins} and {@link net.codestats.socket.LiveSockets}. Owns no
 * table.
 */
@ApplicationModule(
    displayName = "Live socket",
    allowedDependencies = {"account", "system"})
package net.codestats.socket;

import org.springframework.modulith.ApplicationModule;
