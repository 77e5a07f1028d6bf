package net.codestats.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.codestats.machine.AuthenticatedMachine;
import net.codestats.pulse.Languages.ResolvedLanguage;

/**
 * A pulse ready to be written: checked, its languages resolved.
 *
 * @param fingerprint identifies a retry: see {@link PulseWriter} for "the same pulse"
 */
record StoredPulse(
    AuthenticatedMachine machine, ParsedPulse pulse, List<ResolvedLanguage> languages, UUID fingerprint) {

  static StoredPulse of(AuthenticatedMachine machine, ParsedPulse pulse, List<ResolvedLanguage> languages) {
    var sent = pulse.entries().stream().map(e -> new PulseWriter.SentXp(e.language(), e.xp())).toList();
    // the coded_at, not the clamped sentAt: a retry of a pulse from the future is the same pulse
    return new StoredPulse(
        machine, pulse, languages, PulseWriter.fingerprint(pulse.codedAt(), pulse.offsetMinutes(), sent));
  }

  PulseWriter.NewPulse toNewPulse() {
    var xps = new ArrayList<PulseWriter.NewXp>(languages.size());
    for (int i = 0; i < languages.size(); i++) {
      xps.add(new PulseWriter.NewXp(languages.get(i), pulse.entries().get(i).xp()));
    }
    return new PulseWriter.NewPulse(
        machine.userId(),
        machine.machineId(),
        pulse.sentAt(),
        pulse.offsetMinutes(),
        pulse.sentAtLocal(),
        fingerprint,
        xps);
  }
}
