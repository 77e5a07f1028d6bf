package net.codestats.admin.views;

/** A mass mail as its recipients get it: the HTML part and the plain-text part. */
public record MailPreview(String subject, String html, String text) {}
