import { describe, expect, it } from "vitest";
import { testNode, testSnapshot } from "../../../test-support/snapshots";
import { CLUSTER_LATE_PERIODS, CLUSTER_STALE_PERIODS, agoWords, clusterAgeMs, freshness, nodeAgeMs } from "./freshness";

describe("freshness", () => {
  it("counts the server's wait on the cluster store and the time since arrival", () => {
    const snapshot = { ...testSnapshot(10_000, [testNode("a", { ts: 9_000 })]), sentAt: 13_000 };
    const received = { snapshot, receivedAt: 50_000 };
    expect(clusterAgeMs(received, 51_000)).toBe(4_000);
    expect(nodeAgeMs({ ts: 9_000 }, received, 51_000)).toBe(5_000);
  });

  it("turns late after one and a half periods and stale after five", () => {
    const level = (age: number) => freshness(age, 1000, CLUSTER_LATE_PERIODS, CLUSTER_STALE_PERIODS);
    expect(level(1_400)).toBe("live");
    expect(level(1_600)).toBe("late");
    expect(level(5_100)).toBe("stale");
  });

  it("says ages in words", () => {
    expect(agoWords(300)).toBe("just now");
    expect(agoWords(4_200)).toBe("4 s ago");
    expect(agoWords(185_000)).toBe("3 min ago");
  });
});
