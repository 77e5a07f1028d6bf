package net.codestats.machine;

import net.codestats.system.BenchSecrets;

/** Derives machine tokens exactly as the server does, for machines the data generator wrote. */
public final class BenchTokens {

  private final MachineTokens tokens;

  public BenchTokens(String secretKeyBase64) {
    this.tokens = new MachineTokens(BenchSecrets.fromBase64(secretKeyBase64));
  }

  public String token(long machineId, byte[] salt) {
    return tokens.token(machineId, salt);
  }
}
