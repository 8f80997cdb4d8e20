import { HISTORY_FIELDS, type NodePoint } from "@avalon/protocol";

const WIDTH = HISTORY_FIELDS.length;

/**
 * This node's own recent figures, one row per ticker sample, in a fixed block of memory: once
 * full, each new row overwrites the oldest. Rows are numbers in `HISTORY_FIELDS` order, as sent.
 */
export class NodeHistoryBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
    this.data = new Float64Array(capacity * WIDTH);
  }

  /** Rows enough to cover `windowMs` at one row per `periodMs`. */
  static covering(windowMs: number, periodMs: number): NodeHistoryBuffer {
    return new NodeHistoryBuffer(Math.ceil(windowMs / periodMs) + 1);
  }

  get size(): number {
    return this.count;
  }

  push(point: NodePoint): void {
    const row = (this.start + this.count) % this.capacity;
    const base = row * WIDTH;
    HISTORY_FIELDS.forEach((f, i) => {
      this.data[base + i] = point[f];
    });
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Rows stamped at or after `sinceTs`, oldest first. */
  since(sinceTs: number): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.count; i += 1) {
      const base = ((this.start + i) % this.capacity) * WIDTH;
      if ((this.data[base] as number) < sinceTs) continue;
      out.push(Array.from(this.data.subarray(base, base + WIDTH)));
    }
    return out;
  }
}
