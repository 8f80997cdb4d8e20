import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile } from "../bot/stats.js";
import { Histogram } from "./histogram.js";

describe("Histogram", () => {
  it("gives percentiles within 1 % of the exact ones", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(50, 95, 99, 100), (samples, p) => {
        const h = new Histogram();
        for (const s of samples) h.record(s);
        const exact = percentile(samples, p);
        expect(Math.abs(h.percentile(p) - exact)).toBeLessThanOrEqual(exact * 0.0101);
      }),
    );
  });

  it("keeps count, sum, min, max and average exact", () => {
    const h = new Histogram();
    for (const v of [3, 1, 2, 10]) h.record(v);
    expect([h.count, h.sum, h.min, h.max, h.avg]).toEqual([4, 16, 1, 10, 4]);
  });

  it("answers 0 when empty", () => {
    expect(new Histogram().percentile(99)).toBe(0);
  });

  it("merges to the same result as recording everything in one", () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 1; i <= 200; i++) {
      (i % 3 ? a : b).record(i * 0.7);
      all.record(i * 0.7);
    }
    const merged = Histogram.from(a.toData()).merge(b.toData());
    expect(merged.toData().count).toBe(all.count);
    for (const p of [50, 95, 99]) expect(merged.percentile(p)).toBe(all.percentile(p));
    expect(merged.max).toBe(all.max);
  });

  it("survives a trip through JSON (the worker IPC channel)", () => {
    const h = new Histogram();
    for (const v of [0, 0.5, 5, 50, 500]) h.record(v);
    const back = Histogram.from(JSON.parse(JSON.stringify(h.toData())));
    expect(back.percentile(80)).toBe(h.percentile(80));
    expect(back.min).toBe(0);
  });

  it("counts negative and non-finite samples as zero", () => {
    const h = new Histogram();
    h.record(-5);
    h.record(Number.NaN);
    expect([h.count, h.max, h.percentile(99)]).toEqual([2, 0, 0]);
  });
});
