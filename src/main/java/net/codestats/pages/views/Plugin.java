package net.codestats.pages.views;

/**
 * An editor plugin and how to point it at this server.
 *
 * @param tokenSetting where the machine's API token goes
 * @param urlSetting where the server's address goes
 * @param url the address to give there
 */
public record Plugin(String editor, String name, String tokenSetting, String urlSetting, String url) {}
