package net.codestats.pulse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;
import net.codestats.pulse.Languages.ResolvedLanguage;
import net.codestats.machine.AuthenticatedMachine;

/**
 * A pulse ready to be written: checked, its languages resolved.
 *
 * @param fingerprint identifies a retry: same machine, same coded_at, same entries
 */
record StoredPulse(
    AuthenticatedMachine machine, ParsedPulse pulse, List<ResolvedLanguage> languages, UUID fingerprint) {

  static StoredPulse of(AuthenticatedMachine machine, ParsedPulse pulse, List<ResolvedLanguage> languages) {
    return new StoredPulse(machine, pulse, languages, fingerprint(pulse));
  }

  private static UUID fingerprint(ParsedPulse pulse) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(
          ByteBuffer.allocate(16)
              .putLong(pulse.codedAt().getEpochSecond())
              .putInt(pulse.codedAt().getNano())
              .putInt(pulse.offsetMinutes())
              .array());
      for (ParsedPulse.Entry entry : pulse.entries()) {
        byte[] name = entry.language().getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(8).putInt(name.length).putInt(entry.xp()).array());
        sha.update(name);
      }
      ByteBuffer digest = ByteBuffer.wrap(sha.digest());
      return new UUID(digest.getLong(), digest.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
