package net.codestats.admin.views;

import java.time.Instant;

/**
 * A mass mail and its progress.
 *
 * @param claimed recipients taken up by the sender (sent, skipped or failed)
 */
public record MailingRow(
    long id, String subject, String createdBy, Instant createdAt, Instant finishedAt, long recipients, long claimed,
    long sent) {}
