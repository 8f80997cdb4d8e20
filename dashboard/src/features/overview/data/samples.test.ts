import { describe, expect, it } from "vitest";
import { HISTORY_FIELDS } from "@avalon/protocol";
import { mergeSamples, samplesFromHistory } from "./samples";

const row = (ts: number, connections: number) => HISTORY_FIELDS.map((f) => (f === "ts" ? ts : f === "connections" ? connections : 0));

describe("history samples", () => {
  it("groups each node's rows by period so a moment holds every node once", () => {
    const samples = samplesFromHistory({
      source: "nodes",
      periodMs: 1000,
      nodes: [
        { nodeId: "a", rows: [row(10_020, 1), row(11_010, 2)] },
        { nodeId: "b", rows: [row(9_990, 5), row(11_030, 6)] },
      ],
    });
    expect(samples.map((s) => s.ts)).toEqual([10_000, 11_000]);
    expect(samples[0]?.nodes.b?.connections).toBe(5);
    expect(samples[1]?.nodes.a?.connections).toBe(2);
  });

  it("skips rows of another shape", () => {
    expect(samplesFromHistory({ source: "nodes", periodMs: 1000, nodes: [{ nodeId: "a", rows: [[1, 2, 3]] }] })).toEqual([]);
  });

  it("appends only live samples newer than the history", () => {
    const h = [{ ts: 1, nodes: {} }, { ts: 2, nodes: {} }];
    expect(mergeSamples(h, [{ ts: 2, nodes: {} }, { ts: 3, nodes: {} }]).map((s) => s.ts)).toEqual([1, 2, 3]);
  });
});
