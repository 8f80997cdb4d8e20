import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { randomIndex, seededRng, shuffle } from "./rng.js";

function draw(seed: string, version: number, n = 8): number[] {
  const rng = seededRng(seed, version);
  return Array.from({ length: n }, () => rng());
}

describe("seededRng", () => {
  it("gives the same numbers for the same seed and version", () => {
    expect(draw("abc", 3)).toEqual(draw("abc", 3));
  });

  it("gives different numbers for another version of the same room", () => {
    expect(draw("abc", 3)).not.toEqual(draw("abc", 4));
  });

  it("gives different numbers for another seed", () => {
    expect(draw("abc", 3)).not.toEqual(draw("abd", 3));
  });

  it("stays in [0, 1)", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (seed, version) => draw(seed, version, 32).every((x) => x >= 0 && x < 1)),
    );
  });

  it("spreads its numbers over the whole interval", () => {
    const rng = seededRng("spread", 0);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(rng() * 10)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });
});

describe("shuffle", () => {
  it("returns a permutation of its input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const out = shuffle(items, seededRng(seed, 0));
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it("leaves its input as it was", () => {
    const items = Object.freeze([1, 2, 3, 4, 5]);
    shuffle(items, seededRng("x", 0));
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  it("stays in bounds even when the rng misbehaves", () => {
    expect(shuffle([1, 2, 3], () => 1).sort()).toEqual([1, 2, 3]);
    expect(randomIndex(4, () => 1)).toBe(3);
  });
});
