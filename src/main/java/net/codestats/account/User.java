package net.codestats.account;

import java.time.Instant;

public record User(long id, String username, String email, boolean privateProfile, Instant createdAt) {}
