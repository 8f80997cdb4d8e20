import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import hdr from "hdr-histogram-js";
import { seeded } from "../bot/policy.js";
import { Histogram } from "../harness/histogram.js";
import { ratio, round, type Table } from "./report.js";

const PERCENTILES = [50, 90, 99, 99.9, 99.99];
/** hdr-histogram-js counts integers: latencies are recorded in µs. */
const US_PER_MS = 1000;

interface Recorder {
  name: string;
  make(): { record(ms: number): void; percentile(p: number): number; footprint(): number; done(): void };
}

const RECORDERS: Recorder[] = [
  {
    name: "ours (log buckets, 1 %)",
    make() {
      const h = new Histogram();
      return { record: (ms) => h.record(ms), percentile: (p) => h.percentile(p), footprint: () => Number.NaN, done: () => undefined };
    },
  },
  ...([2, 3] as const).map((digits) => ({
    name: `hdr-histogram-js 3.0.1, ${digits} digits (${digits === 2 ? "1 %" : "0.1 %"})`,
    make() {
      const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: digits });
      return {
        record: (ms: number) => h.recordValue(Math.round(ms * US_PER_MS)),
        percentile: (p: number) => h.getValueAtPercentile(p) / US_PER_MS,
        footprint: () => h.estimatedFootprintInBytes,
        done: () => h.destroy(),
      };
    },
  })),
];

let gcFn: (() => void) | null = null;
function heapAfterGc(): number {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
  gcFn();
  const m = process.memoryUsage();
  // hdr-histogram-js keeps its counts in typed arrays, outside the V8 heap.
  return m.heapUsed + m.arrayBuffers;
}

/** Latencies with a long tail, ms: a lognormal around 5 ms, one sample in 1,000 a stall of up to 2 s. */
function samples(n: number): Float64Array {
  const rng = seeded("histogram-libraries");
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    out[i] = rng() < 0.001 ? 100 + rng() * 1900 : Math.exp(Math.log(5) + 0.8 * normal);
  }
  return out;
}

/** Relative error of a reported percentile, %: 0 inside the exact values one rank either side (ranks are rounded differently). */
function percentileError(sorted: Float64Array, p: number, reported: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  const low = sorted[Math.max(0, rank - 1)] as number;
  const high = sorted[Math.min(sorted.length - 1, rank + 1)] as number;
  if (reported >= low && reported <= high) return 0;
  const nearest = reported < low ? low : high;
  return Math.abs(reported / nearest - 1) * 100;
}

/** Heap and array buffers one filled histogram holds, bytes: the mean over `KEPT` live ones. */
const KEPT = 20;
function memoryOf(r: Recorder, data: Float64Array): number {
  const before = heapAfterGc();
  const alive = Array.from({ length: KEPT }, () => {
    const h = r.make();
    for (let i = 0; i < data.length; i++) h.record(data[i] as number);
    return h;
  });
  const bytes = (heapAfterGc() - before) / KEPT;
  for (const h of alive) h.done();
  return bytes;
}

/** Our histogram against hdr-histogram-js: record rate, memory after a run, percentile error. */
export function histogramLibraries(quick: boolean): Table {
  const data = samples(quick ? 200_000 : 2_000_000);
  const sorted = Float64Array.from(data).sort();
  const rows = RECORDERS.map((r) => {
    let best = 0;
    for (let round = 0; round < (quick ? 2 : 5); round++) {
      const h = r.make();
      const t0 = performance.now();
      for (let i = 0; i < data.length; i++) h.record(data[i] as number);
      best = Math.max(best, data.length / ((performance.now() - t0) / 1000));
      h.done();
    }
    const heap = memoryOf(r, data.subarray(0, 100_000));
    const h = r.make();
    for (let i = 0; i < data.length; i++) h.record(data[i] as number);
    const errors = PERCENTILES.map((p) => percentileError(sorted, p, h.percentile(p)));
    const footprint = h.footprint();
    h.done();
    return { name: r.name, perSec: best, heap, footprint, errors };
  });
  const ours = rows[0] as (typeof rows)[number];
  return {
    title: "Latency histogram: ours against hdr-histogram-js",
    method:
      `${data.length} seeded latency samples (lognormal around 5 ms, 0.1 % stalls up to 2 s); records per second is the best of several passes; ` +
      `memory is the growth of V8 heap plus array buffers after a forced GC, per histogram, with ${KEPT} histograms of 100,000 samples each alive (hdr's own estimate of its footprint beside it); ` +
      "error is |reported / exact - 1| at each percentile against the sorted samples, 0 when the reported value lies between the exact values one rank either side.",
    head: ["histogram", "records/s", "vs ours", "memory KiB", "footprint KiB", ...PERCENTILES.map((p) => `p${p} err %`)],
    rows: rows.map((r) => [
      r.name,
      round(r.perSec),
      ratio(r.perSec, ours.perSec),
      round(r.heap / 1024, 1),
      Number.isNaN(r.footprint) ? "-" : round(r.footprint / 1024, 1),
      ...r.errors.map((e) => round(e, 3)),
    ]),
  };
}
