import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@avalon/protocol";
import { testNode, testSample } from "../../../test-support/snapshots";
import { auditMarkers, nodeMarkers } from "./chart-markers";

const entry = (ts: number, command: AuditEntry["command"], ok = true): AuditEntry => ({
  id: String(ts), ts, tokenName: "alice", role: "operator", nodeId: "a", command, ok, result: "",
});

describe("chart markers", () => {
  it("marks drains and limit changes that went through, with who did them", () => {
    const markers = auditMarkers([
      entry(1, { type: "drain", nodeId: "b" }),
      entry(2, { type: "set_limits", limits: { eventBurst: 50 } }),
      entry(3, { type: "drain", nodeId: "c" }, false),
      entry(4, { type: "close_room", roomId: "ABCDEF" }),
    ]);
    expect(markers).toEqual([
      { ts: 1, kind: "drain", label: "drain b (alice)" },
      { ts: 2, kind: "limits", label: "set limits (alice)" },
    ]);
  });

  it("marks a node that joined after the start and one lost before the end", () => {
    const samples = [testSample(1, [testNode("a"), testNode("b")]), testSample(2, [testNode("a"), testNode("b"), testNode("c")]), testSample(3, [testNode("a"), testNode("c")])];
    expect(nodeMarkers(samples)).toEqual([
      { ts: 2, kind: "join", label: "c joined" },
      { ts: 2, kind: "loss", label: "b lost" },
    ]);
  });
});
