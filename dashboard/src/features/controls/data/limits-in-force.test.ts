import { describe, expect, it } from "vitest";
import { TEST_LIMITS, testNode } from "../../../test-support/snapshots";
import { limitsInForce } from "./limits-in-force";

describe("limitsInForce", () => {
  it("is null without nodes", () => expect(limitsInForce([], null)).toBeNull());

  it("takes the values of the connected node", () => {
    const nodes = [testNode("a"), testNode("b", { limits: { ...TEST_LIMITS, eventBurst: 99 } })];
    expect(limitsInForce(nodes, "b")?.values.eventBurst).toBe(99);
  });

  it("reports the range of a limit the nodes disagree on", () => {
    const nodes = [testNode("a"), testNode("b", { limits: { ...TEST_LIMITS, maxConnectionsPerNode: 500 } })];
    expect(limitsInForce(nodes, null)?.varies).toEqual({ maxConnectionsPerNode: { min: 500, max: 10_000 } });
  });
});
