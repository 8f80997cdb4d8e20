import { describe, expect, it } from "vitest";
import { parseNodeCap } from "./node-cap";

describe("parseNodeCap", () => {
  it("builds the command for a valid cap", () => {
    expect(parseNodeCap("node-1", " 500 ")).toEqual({ ok: true, command: { type: "set_node_cap", nodeId: "node-1", maxConnections: 500 } });
  });

  it("refuses a cap above what one node may hold", () => {
    expect(parseNodeCap("node-1", "20000")).toEqual({ ok: false, error: "Must be between 1 and 19,000" });
  });

  it("refuses fractions and words", () => {
    expect(parseNodeCap("n", "1.5").ok).toBe(false);
    expect(parseNodeCap("n", "many")).toEqual({ ok: false, error: "Enter a number of connections" });
  });
});
