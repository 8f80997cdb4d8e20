import { describe, expect, it } from "vitest";
import { testNode } from "../../../test-support/snapshots";
import { headline, hotNode } from "./headline";

describe("headline", () => {
  it("adds players and rooms by phase, and names the worst node's ack and loop lag", () => {
    const h = headline([
      testNode("a", { players: 5, roomsByPhase: { lobby: 1, quest: 2 }, ackLatencyMs: { p50: 1, p95: 5, p99: 40 }, eventLoopP99Ms: 12 }),
      testNode("b", { players: 7, roomsByPhase: { quest: 1 }, ackLatencyMs: { p50: 1, p95: 5, p99: 90 }, eventLoopP99Ms: 30 }),
    ]);
    expect(h.players).toBe(12);
    expect(h.rooms).toBe(4);
    expect(h.roomsByPhase).toEqual([["lobby", 1], ["quest", 3]]);
    expect(h.worstAck).toEqual({ nodeId: "b", p99Ms: 90 });
    expect(h.worstLoop).toEqual({ nodeId: "b", p99Ms: 30 });
  });

  it("sums refusals by code over the nodes, largest first", () => {
    const h = headline([testNode("a", { refusalsPerSec: { rate_limited: 2, server_full: 1 } }), testNode("b", { refusalsPerSec: { rate_limited: 1.5 } })]);
    expect(h.refusals).toEqual([["rate_limited", 3.5], ["server_full", 1]]);
    expect(h.refusalsTotal).toBe(4.5);
  });

  it("points at a node whose CPU stands out, and at none when the load is even", () => {
    expect(hotNode([testNode("a", { cpuPercent: 80 }), testNode("b", { cpuPercent: 20 }), testNode("c", { cpuPercent: 25 })])).toBe("a");
    expect(hotNode([testNode("a", { cpuPercent: 30 }), testNode("b", { cpuPercent: 28 })])).toBeNull();
  });
});
