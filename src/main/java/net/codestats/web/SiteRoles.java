package net.codestats.web;

/**
 * Whether a user holds the admin role, for the navigation's link to the admin area; the module
 * that grants the role provides it (web knows no module above it).
 */
@FunctionalInterface
public interface SiteRoles {
  boolean isAdmin(long userId);
}
