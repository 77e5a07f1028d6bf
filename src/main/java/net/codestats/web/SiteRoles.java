package net.codestats.web;

/**
 * Whether the navigation links a user to the admin area (they hold the admin role), asked of
 * every signed-in page; the module that grants the role provides it (web knows no module
 * above it). Only a link: the area checks the role itself on every request.
 */
@FunctionalInterface
public interface SiteRoles {
  boolean linksAdminArea(long userId);
}
