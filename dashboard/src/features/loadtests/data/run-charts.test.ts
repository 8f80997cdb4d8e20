import { describe, expect, it } from "vitest";
import type { LoadTestRunSummary } from "@avalon/protocol";
import { commonScale, latencyRows, seriesRows, throughputRows, toggleCompare } from "./run-charts";

function run(overrides: Partial<LoadTestRunSummary> = {}): LoadTestRunSummary {
  return {
    id: "r1",
    tool: "k6",
    name: "smoke",
    startedAt: 1_700_000_000_000,
    durationSec: 60,
    thresholdsPassed: true,
    thresholds: [],
    metrics: {
      ws_connecting: { p50: 3, p95: 9, p99: 20, avg: 4 },
      ws_msgs_sent: { count: 600, rate: 10 },
      checks: { rate: 0.99 },
    },
    ...overrides,
  };
}

describe("latencyRows", () => {
  it("keeps only metrics with percentiles", () => {
    expect(latencyRows(run())).toEqual([{ metric: "ws_connecting", p50: 3, p95: 9, p99: 20 }]);
  });
});

describe("throughputRows", () => {
  it("keeps counters and leaves out fractional rates", () => {
    expect(throughputRows(run())).toEqual([{ metric: "ws_msgs_sent", perSec: 10, count: 600 }]);
  });
});

describe("seriesRows", () => {
  const point = (t: number) => ({ t, ackP95Ms: 5, deliveryP95Ms: 7, msgsPerSec: 100 });

  it("turns epoch milliseconds into seconds from the start", () => {
    expect(seriesRows(run({ series: [point(1_700_000_000_000), point(1_700_000_002_500)] })).map((r) => r.sec)).toEqual([0, 2.5]);
  });

  it("turns epoch seconds into seconds from the start", () => {
    expect(seriesRows(run({ series: [point(1_700_000_000), point(1_700_000_005)] })).map((r) => r.sec)).toEqual([0, 5]);
  });

  it("keeps offsets that are already seconds", () => {
    expect(seriesRows(run({ series: [point(1), point(2)] })).map((r) => r.sec)).toEqual([1, 2]);
  });

  it("is empty without a series", () => {
    expect(seriesRows(run())).toEqual([]);
  });
});

describe("toggleCompare", () => {
  it("adds a run", () => expect(toggleCompare(["a"], "b")).toEqual(["a", "b"]));
  it("removes a chosen run", () => expect(toggleCompare(["a", "b"], "a")).toEqual(["b"]));
  it("drops the oldest choice when a third is chosen", () => expect(toggleCompare(["a", "b"], "c")).toEqual(["b", "c"]));
});

describe("commonScale", () => {
  it("takes the largest value of each kind over the compared runs", () => {
    const run = (p99: number, rate: number) => ({
      id: String(p99), tool: "raw" as const, name: "r", startedAt: 0, durationSec: 1, thresholdsPassed: true, thresholds: [],
      metrics: { ack_ms: { p50: 1, p95: 2, p99 }, msgs: { count: 10, rate } },
    });
    expect(commonScale([run(30, 5), run(80, 2)])).toMatchObject({ latencyMax: 80, throughputMax: 5 });
  });
});
