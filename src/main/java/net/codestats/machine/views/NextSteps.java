package net.codestats.machine.views;

import java.util.List;
import net.codestats.machine.PluginSetups.PluginSetup;

/**
 * What a user does after adding a machine: pick the editor, give its plugin this server's
 * address and the new token.
 */
public record NextSteps(long machineId, String machineName, String token, String serverAddress,
    List<PluginSetup> setups) {

  /** The editors opened first: the most used plugins. */
  public boolean openFirst(PluginSetup setup) {
    return setup.id().equals("vscode") || setup.id().equals("vim");
  }
}
