import { RingBuffer } from "./ring-buffer";
import type { Sample } from "./samples";

/** An hour and a bit of one-second samples: a few MB at most. */
export const HISTORY_CAPACITY = 4000;

/** The rolling window of cluster samples kept in the browser. */
export class ClusterHistory {
  private readonly buffer: RingBuffer<Sample>;

  constructor(capacity = HISTORY_CAPACITY) {
    this.buffer = new RingBuffer(capacity);
  }

  /**
   * Keeps time moving forward: after a reconnect to another node, a sample stamped at or
   * before the last one (clock skew, a replay) would fold the x-axis back on itself.
   */
  add(sample: Sample): boolean {
    const last = this.buffer.last();
    if (last && sample.ts <= last.ts) return false;
    this.buffer.push(sample);
    return true;
  }

  /** Replaces everything with these samples (oldest first), keeping the newest that fit. */
  reset(samples: readonly Sample[]): void {
    this.buffer.clear();
    for (const s of samples) this.add(s);
  }

  samples(): Sample[] {
    return this.buffer.toArray();
  }
}
