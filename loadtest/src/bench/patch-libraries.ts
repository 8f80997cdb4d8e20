import { isDeepStrictEqual } from "node:util";
import fastJsonPatch from "fast-json-patch";
import { applyPatch as applyRfc6902, createPatch } from "rfc6902";
import { applyPatch, diff, type PublicRoomView } from "@avalon/protocol";
import { ratio, round, type Table } from "./report.js";

type Pair = [PublicRoomView, PublicRoomView];

interface Differ {
  name: string;
  diff(a: PublicRoomView, b: PublicRoomView): unknown[];
  /** The document the ops turn `a` into (never mutating `a`). */
  apply(a: PublicRoomView, ops: unknown[]): unknown;
}

const DIFFERS: Differ[] = [
  { name: "ours (protocol/src/patch.ts diff)", diff: (a, b) => diff(a, b), apply: (a, ops) => applyPatch(a, ops as ReturnType<typeof diff>) },
  {
    name: "fast-json-patch 3.1.2 compare",
    diff: (a, b) => fastJsonPatch.compare(a, b),
    apply: (a, ops) => fastJsonPatch.applyPatch(structuredClone(a), ops as fastJsonPatch.Operation[], false, true).newDocument,
  },
  {
    name: "rfc6902 5.4.0 createPatch",
    diff: (a, b) => createPatch(a, b),
    apply: (a, ops) => {
      const doc = structuredClone(a);
      applyRfc6902(doc, ops as ReturnType<typeof createPatch>);
      return doc;
    },
  },
];

interface Figures {
  name: string;
  diffsPerSec: number;
  bytesPerPatch: number;
  opsPerPatch: number;
  wrong: number;
}

/** Diffs per second over every pair, best of `rounds` passes of at least `minMs` each. */
function speed(d: Differ, pairs: Pair[], rounds: number, minMs: number): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let done = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < minMs) {
      for (const [a, b] of pairs) d.diff(a, b);
      done += pairs.length;
    }
    best = Math.max(best, (done * 1000) / (performance.now() - t0));
  }
  return best;
}

function measure(d: Differ, pairs: Pair[], quick: boolean): Figures {
  let bytes = 0;
  let ops = 0;
  let wrong = 0;
  for (const [a, b] of pairs) {
    const patch = d.diff(a, b);
    ops += patch.length;
    bytes += Buffer.byteLength(JSON.stringify(patch));
    if (!isDeepStrictEqual(d.apply(a, patch), b)) wrong++;
  }
  speed(d, pairs, 1, quick ? 100 : 500);
  return { name: d.name, diffsPerSec: speed(d, pairs, quick ? 2 : 5, quick ? 200 : 1000), bytesPerPatch: bytes / pairs.length, opsPerPatch: ops / pairs.length, wrong };
}

/** Our `room:patch` diff against the two JSON Patch libraries, on recorded pairs of public views. */
export function patchLibraries(pairs: Pair[], quick: boolean): Table {
  const figures = DIFFERS.map((d) => measure(d, pairs, quick));
  const ours = figures[0] as Figures;
  return {
    title: "JSON patch diff: ours against fast-json-patch and rfc6902",
    method:
      `${pairs.length} consecutive pairs of public room views recorded from seeded 5..10-player games on the built server (what the server diffs for room:patch); ` +
      "diffs per second is the best of several timed passes over every pair after a warm-up; bytes are the JSON of the op list (paths as arrays in ours, JSON Pointer strings in the libraries); " +
      "wrong counts pairs whose patch, applied by the same library, does not give the second view.",
    head: ["differ", "diffs/s", "vs ours", "ops per patch", "bytes per patch", "vs ours", "wrong"],
    rows: figures.map((f) => [
      f.name,
      round(f.diffsPerSec),
      ratio(f.diffsPerSec, ours.diffsPerSec),
      round(f.opsPerPatch, 2),
      round(f.bytesPerPatch, 1),
      ratio(f.bytesPerPatch, ours.bytesPerPatch),
      f.wrong,
    ]),
  };
}
