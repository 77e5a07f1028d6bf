package net.codestats.account;

import java.time.Instant;
import java.time.LocalDate;

/** What the preferences page shows and edits; never leaves the owner's own pages. */
public record AccountDetails(
    long id,
    String username,
    String email,
    String gravatarEmail,
    boolean privateProfile,
    LocalDate termsAccepted,
    Instant createdAt) {}
