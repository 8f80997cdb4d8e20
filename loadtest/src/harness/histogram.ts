/** A histogram as it crosses process boundaries (IPC from worker processes). */
export interface HistogramData {
  /** [bucket index, count], only buckets that hold samples. */
  buckets: [number, number][];
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Smallest value told apart, ms; everything below lands in bucket 0. */
const FLOOR_MS = 0.001;
/** Relative width of a bucket: percentiles are exact to within 1 %. */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

function bucketOf(ms: number): number {
  return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH);
}

function upperBound(bucket: number): number {
  return FLOOR_MS * GROWTH ** bucket;
}

/**
 * Latency samples in log-scaled buckets (the HdrHistogram idea): constant memory however long the
 * run, mergeable across processes, percentiles within 1 %, exact count, sum, min and max.
 */
export class Histogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  record(ms: number): void {
    const v = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const b = bucketOf(v);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  merge(other: Histogram | HistogramData): this {
    const data = other instanceof Histogram ? other.toData() : other;
    for (const [b, n] of data.buckets) this.counts.set(b, (this.counts.get(b) ?? 0) + n);
    this.count += data.count;
    this.sum += data.sum;
    if (data.count > 0) {
      this.min = Math.min(this.min, data.min);
      this.max = Math.max(this.max, data.max);
    }
    return this;
  }

  /** The value at or below which p % of the samples lie (the bucket's upper bound, never above max); 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const b of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(b) as number;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, upperBound(b)));
    }
    return this.max;
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  toData(): HistogramData {
    return { buckets: [...this.counts], count: this.count, sum: this.sum, min: this.count ? this.min : 0, max: this.max };
  }

  static from(data: HistogramData): Histogram {
    return new Histogram().merge(data);
  }
}
