import type { ClusterSnapshot } from "@avalon/protocol";
import { RingBuffer } from "./ring-buffer";

/** 1000 one-second snapshots: a little over 16 minutes, a few MB at most. */
export const HISTORY_CAPACITY = 1000;

/** The rolling window of cluster snapshots kept in the browser. */
export class ClusterHistory {
  private readonly buffer: RingBuffer<ClusterSnapshot>;

  constructor(capacity = HISTORY_CAPACITY) {
    this.buffer = new RingBuffer(capacity);
  }

  /**
   * Keeps time moving forward: after a reconnect to another node, a snapshot stamped at or
   * before the last one (clock skew, a replay) would fold the x-axis back on itself.
   */
  add(snapshot: ClusterSnapshot): boolean {
    const last = this.buffer.last();
    if (last && snapshot.ts <= last.ts) return false;
    this.buffer.push(snapshot);
    return true;
  }

  snapshots(): ClusterSnapshot[] {
    return this.buffer.toArray();
  }
}
