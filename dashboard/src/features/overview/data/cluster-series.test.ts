import { describe, expect, it } from "vitest";
import { CONNECTIONS_CHART, EVENT_LOOP_CHART, MEMORY_CHART, latencyChart } from "./chart-specs";
import { buildChartSeries, lastWindow, lineKey, nodeOrder } from "./cluster-series";
import { testNode, testSnapshot } from "../../../test-support/snapshots";

const history = [
  testSnapshot(1000, [testNode("a", { connections: 3, eventLoopP99Ms: 12 }), testNode("b", { connections: 4, eventLoopP99Ms: 30 })]),
  testSnapshot(2000, [testNode("a", { connections: 5, eventLoopP99Ms: 11 }), testNode("b", { connections: 1, eventLoopP99Ms: 9 })]),
];

describe("buildChartSeries", () => {
  it("sums counts into the cluster line", () => {
    const { rows } = buildChartSeries(history, CONNECTIONS_CHART);
    expect(rows.map((r) => r.values[lineKey("connections", null)])).toEqual([7, 6]);
  });

  it("keeps one line per node", () => {
    const { rows, lines } = buildChartSeries(history, CONNECTIONS_CHART);
    expect(lines.map((l) => l.label)).toEqual(["cluster total", "a", "b"]);
    expect(rows[0]?.values[lineKey("connections", "b")]).toBe(4);
  });

  it("takes the worst node for latencies", () => {
    const { rows } = buildChartSeries(history, EVENT_LOOP_CHART);
    expect(rows.map((r) => r.values[lineKey("lag", null)])).toEqual([30, 11]);
  });

  it("picks the chosen latency percentile", () => {
    const { rows } = buildChartSeries(history, latencyChart("p95"));
    expect(rows[0]?.values[lineKey("p95", "a")]).toBe(2);
  });

  it("names both measures of a two-measure chart and dashes the second", () => {
    const { lines } = buildChartSeries(history, MEMORY_CHART);
    expect(lines.filter((l) => l.dashed).map((l) => l.label)).toEqual(["cluster heap", "a heap", "b heap"]);
  });

  it("converts memory to megabytes", () => {
    const { rows } = buildChartSeries(history, MEMORY_CHART);
    expect(rows[0]?.values[lineKey("rss", "a")]).toBe(100);
    expect(rows[0]?.values[lineKey("rss", null)]).toBe(200);
  });

  it("breaks the lines across an outage", () => {
    const gapped = [testSnapshot(1000, [testNode("a")]), testSnapshot(20_000, [testNode("a")])];
    const { rows } = buildChartSeries(gapped, CONNECTIONS_CHART);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.values).toEqual({});
  });

  it("keeps a departed node's colour and line while it is in the window", () => {
    const changing = [testSnapshot(1000, [testNode("a"), testNode("b")]), testSnapshot(2000, [testNode("b")])];
    const { rows, lines } = buildChartSeries(changing, CONNECTIONS_CHART);
    expect(lines.map((l) => l.label)).toEqual(["cluster total", "a", "b"]);
    expect(rows[1]?.values[lineKey("connections", "a")]).toBeUndefined();
  });
});

describe("nodeOrder", () => {
  it("lists nodes by first appearance", () => {
    expect(nodeOrder([testSnapshot(1, [testNode("z")]), testSnapshot(2, [testNode("a"), testNode("z")])])).toEqual(["z", "a"]);
  });
});

describe("lastWindow", () => {
  it("keeps only the snapshots within the window of the newest", () => {
    const h = [1000, 5000, 9000].map((ts) => testSnapshot(ts, []));
    expect(lastWindow(h, 4000).map((s) => s.ts)).toEqual([5000, 9000]);
  });

  it("is empty for an empty history", () => {
    expect(lastWindow([], 1000)).toEqual([]);
  });
});
