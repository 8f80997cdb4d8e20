/**
 * Latency samples as counts per whole millisecond. Delivery latency is the server's `ts` stamp
 * (Date.now(), whole ms) subtracted from the receiver's Date.now(), so nothing finer is known;
 * counting per ms keeps a million samples in a few hundred numbers that cross process boundaries
 * cheaply and merge exactly.
 */
export class Histogram {
  private readonly counts = new Map<number, number>();
  private n = 0;

  add(ms: number): void {
    const key = Math.max(0, Math.round(ms));
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  merge(other: Histogram | HistogramData): this {
    const entries = other instanceof Histogram ? other.counts.entries() : other;
    for (const [ms, c] of entries) {
      this.counts.set(ms, (this.counts.get(ms) ?? 0) + c);
      this.n += c;
    }
    return this;
  }

  /** The smallest value with at least p% of the samples at or below it (nearest rank); 0 when empty. */
  percentile(p: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (const ms of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(ms) as number;
      if (seen >= rank) return ms;
    }
    return 0;
  }

  max(): number {
    return this.n === 0 ? 0 : Math.max(...this.counts.keys());
  }

  toJSON(): HistogramData {
    return [...this.counts.entries()];
  }

  static from(data: HistogramData): Histogram {
    return new Histogram().merge(data);
  }
}

/** [ms, count] pairs: the form a histogram takes in IPC messages. */
export type HistogramData = [number, number][];
