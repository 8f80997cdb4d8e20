import { describe, expect, it } from "vitest";
import { testNode } from "../../../test-support/snapshots";
import { LostNodes } from "./lost-nodes";

describe("LostNodes", () => {
  it("keeps a node that stopped reporting, with its last heartbeat, until dismissed", () => {
    const lost = new LostNodes();
    lost.observe([testNode("a", { ts: 1 }), testNode("b", { ts: 1 })]);
    lost.observe([testNode("a", { ts: 2 })]);
    lost.observe([testNode("a", { ts: 3 })]);
    expect(lost.list().map((l) => [l.nodeId, l.lastSeen])).toEqual([["b", 1]]);
    lost.dismiss("b");
    lost.observe([testNode("a", { ts: 4 })]);
    expect(lost.list()).toEqual([]);
  });

  it("forgets a loss when the node comes back", () => {
    const lost = new LostNodes();
    lost.observe([testNode("a"), testNode("b")]);
    lost.observe([testNode("a")]);
    lost.observe([testNode("a"), testNode("b")]);
    expect(lost.list()).toEqual([]);
  });
});
