import { describe, expect, it } from "vitest";
import { HISTORY_FIELDS, type NodePoint } from "@avalon/protocol";
import { NodeHistoryBuffer } from "./history.js";

const point = (ts: number): NodePoint => Object.fromEntries(HISTORY_FIELDS.map((f, i) => [f, f === "ts" ? ts : ts + i])) as NodePoint;

describe("NodeHistoryBuffer", () => {
  it("returns rows in field order, oldest first, from a given time", () => {
    const h = new NodeHistoryBuffer(10);
    for (let t = 1; t <= 5; t++) h.push(point(t * 1000));
    const rows = h.since(3000);
    expect(rows.map((r) => r[0])).toEqual([3000, 4000, 5000]);
    expect(rows[0]?.[HISTORY_FIELDS.indexOf("connections")]).toBe(3000 + HISTORY_FIELDS.indexOf("connections"));
  });

  it("keeps only its capacity, dropping the oldest rows", () => {
    const h = new NodeHistoryBuffer(3);
    for (let t = 1; t <= 7; t++) h.push(point(t));
    expect(h.size).toBe(3);
    expect(h.since(0).map((r) => r[0])).toEqual([5, 6, 7]);
  });

  it("sizes itself to cover an hour at a one-second period", () => {
    expect(NodeHistoryBuffer.covering(3_600_000, 1000).capacity).toBeGreaterThanOrEqual(3600);
  });
});
