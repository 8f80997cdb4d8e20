import { describe, expect, it } from "vitest";
import { CONNECTIONS_CHART, EVENT_LOOP_CHART, MEMORY_CHART, latencyChart } from "./chart-specs";
import { buildChartSeries, lastWindow, lineKey } from "./cluster-series";
import { nodeOrder } from "./samples";
import { testNode, testSample } from "../../../test-support/snapshots";

const history = [
  testSample(1000, [testNode("a", { connections: 3, eventLoopP99Ms: 12 }), testNode("b", { connections: 4, eventLoopP99Ms: 30 })]),
  testSample(2000, [testNode("a", { connections: 5, eventLoopP99Ms: 11 }), testNode("b", { connections: 1, eventLoopP99Ms: 9 })]),
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
    const gapped = [testSample(1000, [testNode("a")]), testSample(20_000, [testNode("a")])];
    const { rows } = buildChartSeries(gapped, CONNECTIONS_CHART);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.values).toEqual({});
  });

  it("runs to now: a trailing gap once the newest sample is older than the gap", () => {
    const { rows } = buildChartSeries([testSample(1000, [testNode("a")])], CONNECTIONS_CHART, 5000, 30_000);
    expect(rows.map((r) => r.ts)).toEqual([1000, 1001]);
    expect(rows[1]?.values).toEqual({});
  });

  it("keeps a departed node's colour and line while it is in the window", () => {
    const changing = [testSample(1000, [testNode("a"), testNode("b")]), testSample(2000, [testNode("b")])];
    const { rows, lines } = buildChartSeries(changing, CONNECTIONS_CHART);
    expect(lines.map((l) => l.label)).toEqual(["cluster total", "a", "b"]);
    expect(rows[1]?.values[lineKey("connections", "a")]).toBeUndefined();
  });
});

describe("nodeOrder", () => {
  it("lists nodes by first appearance", () => {
    expect(nodeOrder([testSample(1, [testNode("z")]), testSample(2, [testNode("a"), testNode("z")])])).toEqual(["z", "a"]);
  });
});

describe("lastWindow", () => {
  it("keeps only the samples within the window that ends now", () => {
    const h = [1000, 5000, 9000].map((ts) => testSample(ts, []));
    expect(lastWindow(h, 4000, 9000).map((s) => s.ts)).toEqual([5000, 9000]);
    expect(lastWindow(h, 4000, 12_000).map((s) => s.ts)).toEqual([9000]);
  });

  it("is empty for an empty history", () => {
    expect(lastWindow([], 1000, 5000)).toEqual([]);
  });
});
