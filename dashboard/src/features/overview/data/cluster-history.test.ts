import { describe, expect, it } from "vitest";
import { ClusterHistory } from "./cluster-history";
import { testSnapshot } from "../../../test-support/snapshots";

describe("ClusterHistory", () => {
  it("keeps snapshots oldest first", () => {
    const h = new ClusterHistory(10);
    h.add(testSnapshot(1000, []));
    h.add(testSnapshot(2000, []));
    expect(h.snapshots().map((s) => s.ts)).toEqual([1000, 2000]);
  });

  it("ignores a snapshot that is not newer than the last", () => {
    const h = new ClusterHistory(10);
    h.add(testSnapshot(2000, []));
    expect(h.add(testSnapshot(2000, []))).toBe(false);
    expect(h.add(testSnapshot(1500, []))).toBe(false);
    expect(h.snapshots()).toHaveLength(1);
  });

  it("holds at most its capacity", () => {
    const h = new ClusterHistory(3);
    for (let i = 1; i <= 5; i += 1) h.add(testSnapshot(i * 1000, []));
    expect(h.snapshots().map((s) => s.ts)).toEqual([3000, 4000, 5000]);
  });
});
