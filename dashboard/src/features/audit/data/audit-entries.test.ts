import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@avalon/protocol";
import { matchesAudit, mergeAudit, summariseCommand } from "./audit-entries";

function entry(id: string, ts: number): AuditEntry {
  return { id, ts, tokenName: "ops", role: "operator", nodeId: "n1", command: { type: "drain", nodeId: "n1" }, ok: true, result: "sent" };
}

describe("mergeAudit", () => {
  it("puts the newest entry first", () => {
    expect(mergeAudit([entry("a", 1)], [entry("b", 2)]).map((e) => e.id)).toEqual(["b", "a"]);
  });

  it("keeps one copy of an entry seen live and fetched", () => {
    expect(mergeAudit([entry("a", 1)], [entry("a", 1), entry("b", 2)])).toHaveLength(2);
  });

  it("drops the oldest entries beyond the capacity", () => {
    expect(mergeAudit([entry("a", 1), entry("b", 2)], [entry("c", 3)], 2).map((e) => e.id)).toEqual(["c", "b"]);
  });
});

describe("summariseCommand", () => {
  it("lists the limits a set_limits changed", () => {
    expect(summariseCommand({ type: "set_limits", limits: { eventsPerSecond: 25, eventBurst: 50 } })).toBe(
      "set limits eventsPerSecond=25, eventBurst=50",
    );
  });

  it("names the node of a drain", () => {
    expect(summariseCommand({ type: "drain", nodeId: "node-2" })).toBe("drain node-2");
  });

  it("names the room of a close", () => {
    expect(summariseCommand({ type: "close_room", roomId: "ABCD" })).toBe("close room ABCD");
  });

  it("marks a command the server could not parse", () => {
    expect(summariseCommand({ type: "reboot" })).toBe("reboot (not a valid command)");
  });
});

describe("matchesAudit", () => {
  const e = { id: "1", ts: 1, tokenName: "alice", role: "operator" as const, nodeId: "a", command: { type: "drain" as const, nodeId: "b" }, ok: true, result: "" };
  it("matches by operator, command, and the node that ran or was aimed at", () => {
    expect(matchesAudit(e, { operator: "alice", command: "drain", nodeId: "b" })).toBe(true);
    expect(matchesAudit(e, { nodeId: "a" })).toBe(true);
    expect(matchesAudit(e, { operator: "bob" })).toBe(false);
    expect(matchesAudit(e, { command: "set_limits" })).toBe(false);
  });
});
