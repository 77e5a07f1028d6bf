package net.codestats.pulse;

import org.springframework.stereotype.Component;

/** How full the pulse writers' queue is, for the operators' figures. */
@Component
public class PulseQueue {

  private final PulseBatcher batcher;

  PulseQueue(PulseBatcher batcher) {
    this.batcher = batcher;
  }

  /** Pulses accepted and waiting for their group commit. */
  public int depth() {
    return batcher.queued();
  }

  /** Beyond this many waiting pulses the API answers 503. */
  public int capacity() {
    return batcher.capacity();
  }
}
