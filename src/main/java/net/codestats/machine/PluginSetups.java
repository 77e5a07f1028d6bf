package net.codestats.machine;

import java.util.List;

/**
 * How to set each editor plugin up with one machine's token, for the page shown after a
 * machine is added. The site's pages know the plugins and provide it.
 */
public interface PluginSetups {

  /** This server's address as users type it. */
  String serverAddress();

  List<PluginSetup> forToken(String token);

  /**
   * @param id the plugin's anchor on the plugins page
   * @param file where the snippet goes
   * @param snippet the settings with the token filled in
   */
  record PluginSetup(String id, String editor, String file, String snippet) {}
}
