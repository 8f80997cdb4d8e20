import { describe, expect, it } from "vitest";
import { ClusterHistory } from "./cluster-history";
import { testSample } from "../../../test-support/snapshots";

describe("ClusterHistory", () => {
  it("keeps snapshots oldest first", () => {
    const h = new ClusterHistory(10);
    h.add(testSample(1000, []));
    h.add(testSample(2000, []));
    expect(h.samples().map((s) => s.ts)).toEqual([1000, 2000]);
  });

  it("ignores a snapshot that is not newer than the last", () => {
    const h = new ClusterHistory(10);
    h.add(testSample(2000, []));
    expect(h.add(testSample(2000, []))).toBe(false);
    expect(h.add(testSample(1500, []))).toBe(false);
    expect(h.samples()).toHaveLength(1);
  });

  it("holds at most its capacity", () => {
    const h = new ClusterHistory(3);
    for (let i = 1; i <= 5; i += 1) h.add(testSample(i * 1000, []));
    expect(h.samples().map((s) => s.ts)).toEqual([3000, 4000, 5000]);
  });
});
