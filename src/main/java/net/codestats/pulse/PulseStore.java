package net.codestats.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.codestats.machine.Machines;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of API pulses in one transaction through the {@link PulseWriter}, after
 * checking that their machines are still there.
 */
@Component
class PulseStore {

  private final Machines machines;
  private final PulseWriter writer;

  PulseStore(Machines machines, PulseWriter writer) {
    this.machines = machines;
    this.writer = writer;
  }

  /** What became of one pulse of a batch. */
  enum Outcome {
    STORED,
    /** A retry of a pulse already stored: accepted, not counted again. */
    DUPLICATE,
    /** Its machine was deleted or deactivated after the token check. */
    MACHINE_GONE
  }

  /** Stores a batch of pulses in one transaction; the outcomes are in the batch's order. */
  @Transactional
  List<Outcome> store(List<StoredPulse> batch) {
    // Machines are locked first: a concurrent delete either committed before or waits for this commit.
    Set<Long> liveMachines =
        machines.lockLive(batch.stream().mapToLong(p -> p.machine().machineId()).distinct().toArray());
    List<PulseWriter.NewPulse> live = new ArrayList<>(batch.size());
    for (StoredPulse p : batch) {
      if (liveMachines.contains(p.machine().machineId())) {
        live.add(p.toNewPulse());
      }
    }
    var written = writer.write(live).iterator();
    var outcomes = new ArrayList<Outcome>(batch.size());
    for (StoredPulse p : batch) {
      if (!liveMachines.contains(p.machine().machineId())) {
        outcomes.add(Outcome.MACHINE_GONE);
      } else {
        outcomes.add(written.next() ? Outcome.STORED : Outcome.DUPLICATE);
      }
    }
    return outcomes;
  }
}
