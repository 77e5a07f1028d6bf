package net.codestats.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.codestats.pulse.PulseStored;
import net.codestats.pulse.PulseStored.LanguageXp;
import org.junit.jupiter.api.Test;

class XpHistoryTest {

  static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");

  private static PulseStored pulse(Instant at, int... amounts) {
    var xps = java.util.Arrays.stream(amounts).mapToObj(a -> new LanguageXp("Java", a)).toList();
    return new PulseStored(PulseStored.Origin.THIS_NODE, 1, false, 1, "laptop", at, 0, xps, null);
  }

  @Test
  void sumsPerUtcMinuteCappingEachEntryAt400() {
    var history = new XpHistory(null, Clock.fixed(NOW, ZoneOffset.UTC));
    history.add(pulse(Instant.parse("2026-11-28T10:14:05Z"), 1000, 20));
    history.add(pulse(Instant.parse("2026-11-28T10:14:59Z"), 5));
    history.add(pulse(Instant.parse("2026-11-28T09:01:00Z"), 7));
    // older than four hours: not kept
    history.add(pulse(Instant.parse("2026-11-28T06:14:00Z"), 50));

    assertThat(history.snapshot())
        .isEqualTo(
            List.of(
                List.of(List.of(List.of(2026, 11, 28), List.of(9, 1)), 7L),
                List.of(List.of(List.of(2026, 11, 28), List.of(10, 14)), 425L)));
  }
}
